using Comerix.Crm.Data.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Comerix.Crm.Data;

/// <summary>The configured database: builds the EF Core options and the SQL dialect for the same connection.</summary>
public sealed class CrmDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _npgsql;

    public CrmDatabase(CrmOptions options)
    {
        Provider = options.DatabaseProvider.Trim().ToLowerInvariant();
        var connectionString = options.ResolveConnectionString();
        switch (Provider)
        {
            case CrmDatabaseProviders.Sqlite:
                ConnectionString = SqliteConnectionSetup.Normalize(connectionString);
                EnsureDirectoryFor(ConnectionString);
                Dialect = new SqliteDialect(ConnectionString);
                break;
            case CrmDatabaseProviders.Postgres:
                ConnectionString = connectionString;
                _npgsql = NpgsqlDataSource.Create(connectionString);
                Dialect = new PostgresDialect(_npgsql);
                break;
            default:
                throw new InvalidOperationException(
                    $"Unknown database provider '{options.DatabaseProvider}'. Use '{CrmDatabaseProviders.Sqlite}' or '{CrmDatabaseProviders.Postgres}'.");
        }
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    internal SqlDialect Dialect { get; }

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (_npgsql is not null)
        {
            builder.UseNpgsql(_npgsql);
        }
        else
        {
            builder.UseSqlite(ConnectionString);
        }
    }

    public CrmDbContext CreateDbContext()
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        Configure(builder);
        return new CrmDbContext(builder.Options);
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL (stored in the file, once).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
        if (Provider == CrmDatabaseProviders.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _npgsql?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static void EnsureDirectoryFor(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}

using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Identity.Admin;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Comerix.Crm.Tests.Infrastructure;

/// <summary>A fresh, migrated CRM database for one test: a SQLite file in a temp folder, or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;
    private readonly string? _postgresName;

    private TestDatabase(CrmOptions options, string? sqliteDirectory, string? postgresName)
    {
        Options = options;
        _sqliteDirectory = sqliteDirectory;
        _postgresName = postgresName;
        Database = options.OpenDatabase();
        (Engine, Admin) = NewEngineAndAdmin();
        Reviews = new MergeReviewService(Admin);
    }

    public CrmOptions Options { get; }
    public CrmDatabase Database { get; }
    public IdentityEngine Engine { get; }
    /// <summary>Admin transactions over the same store as <see cref="Engine"/>.</summary>
    internal AdminTransactions Admin { get; }
    internal MergeReviewService Reviews { get; }
    /// <summary>A clock the test moves by hand (<c>Advance</c>), so "now" in merge activities and audit entries is predictable.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    /// <summary>The audit key of this database's engines: verify with it.</summary>
    public Comerix.Crm.Audit.AuditSigner Signer { get; } = Comerix.Crm.Audit.AuditSigner.Ephemeral();
    public string Provider => Options.DatabaseProvider;

    public static Task<TestDatabase> CreateAsync(string provider, Action<IdentityResolutionOptions>? configure = null) =>
        provider == CrmDatabaseProviders.Postgres ? CreatePostgresAsync(configure) : CreateSqliteAsync(configure);

    public static async Task<TestDatabase> CreateSqliteAsync(Action<IdentityResolutionOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "comerix-tests", Guid.NewGuid().ToString("N"));
        var options = new CrmOptions { DataDirectory = directory };
        configure?.Invoke(options.Resolution);
        var db = new TestDatabase(options, directory, null);
        await db.Database.MigrateAsync();
        return db;
    }

    public static async Task<TestDatabase> CreatePostgresAsync(Action<IdentityResolutionOptions>? configure = null)
    {
        var server = PostgresTestServer.ConnectionString
            ?? throw new InvalidOperationException(PostgresTestServer.UnavailableReason);
        var name = "comerix_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var options = new CrmOptions
        {
            DatabaseProvider = CrmDatabaseProviders.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ToString(),
        };
        configure?.Invoke(options.Resolution);
        var db = new TestDatabase(options, null, name);
        await db.Database.MigrateAsync();
        return db;
    }

    /// <summary>An engine with its own store and connections: what a second process would have.</summary>
    public IdentityEngine NewEngine() => NewEngineAndAdmin().Engine;

    /// <summary>Admin transactions with their own store and connections: what a second process would have.</summary>
    internal AdminTransactions NewAdmin() => NewEngineAndAdmin().Admin;

    private (IdentityEngine Engine, AdminTransactions Admin) NewEngineAndAdmin()
    {
        var store = new SqlIdentityStore(Database.Dialect, Time, Signer);
        var engine = new IdentityEngine(store, Options.Resolution, Time);
        return (engine, new AdminTransactions(store, engine, Time));
    }

    internal CrmDbContext Db() => Database.CreateDbContext();

    internal async Task<T> QueryAsync<T>(Func<CrmDbContext, Task<T>> query)
    {
        await using var db = Db();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere in the test run; the temp folder is cleaned by the OS.
            }
        }
        if (_postgresName is not null && PostgresTestServer.ConnectionString is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

using Comerix.Crm.Data;
using Npgsql;

namespace Comerix.Crm.Bench;

/// <summary>A fresh database for one run of the module (a SQLite folder, or a PostgreSQL database), removed afterwards.</summary>
internal sealed class BenchStore : IAsyncDisposable
{
    private readonly string _directory;
    private readonly (string Name, string ConnectionString)? _postgres;

    private BenchStore(string directory, (string Name, string ConnectionString)? postgres)
    {
        _directory = directory;
        _postgres = postgres;
    }

    /// <returns>Null when PostgreSQL was asked for and no server is reachable.</returns>
    public static async Task<BenchStore?> CreateAsync(string provider)
    {
        // The audit key lives in the folder on either provider.
        var directory = Path.Combine(Path.GetTempPath(), "comerix-bench", Guid.NewGuid().ToString("N"));
        if (provider == CrmDatabaseProviders.Sqlite)
        {
            return new BenchStore(directory, null);
        }
        var database = await BenchPostgres.CreateDatabaseAsync(BenchPostgres.Server);
        return database is null ? null : new BenchStore(directory, database);
    }

    public void Configure(CrmOptions options)
    {
        options.DataDirectory = _directory;
        if (_postgres is { } postgres)
        {
            options.DatabaseProvider = CrmDatabaseProviders.Postgres;
            options.ConnectionString = postgres.ConnectionString;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is { } postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await BenchPostgres.DropDatabaseAsync(BenchPostgres.Server, postgres.Name);
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

using Npgsql;

namespace Comerix.Crm.Bench;

internal static class BenchPostgres
{
    /// <summary>A server the benchmarks may create databases on: COMERIX_BENCH_POSTGRES, else the scripts/test-postgres.sh one.</summary>
    public static string Server =>
        Environment.GetEnvironmentVariable("COMERIX_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=postgres";

    public static async Task<(string Name, string ConnectionString)?> CreateDatabaseAsync(string server)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            var name = "comerix_bench_" + Guid.NewGuid().ToString("N")[..8];
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
            return (name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString());
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    public static async Task DropDatabaseAsync(string server, string name)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

using System.Data.Common;
using System.Diagnostics;
using Comerix.Crm.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Comerix.Crm.Bench;

/// <summary>
/// What a perfect engine with no resolution work would get: the rows the engine wrote (contacts, identifiers,
/// activities, links, whatever else), read back from its database after the run and bulk-loaded into a fresh database
/// migrated to the product's own schema, every index, constraint and trigger in place, the fastest way the provider
/// allows. Only the load is timed; the figure is the run's events per second of load. The bare-table limit says what
/// the disk takes; this one says what the schema costs, so the engine's ratio to it is the share resolution takes.
/// Tables a fresh migration already fills (seeded counters and versions) are left as they are: a perfect engine
/// would update those rows, not add them.
/// </summary>
internal static class IndexedLoadLimit
{
    public static async Task<double> MeasureAsync(string provider, CrmDatabase engineDatabase, int events)
    {
        await using var store = await BenchStore.CreateAsync(provider)
            ?? throw new InvalidOperationException("The PostgreSQL server went away before the indexed limit.");
        var options = new CrmOptions();
        store.Configure(options);
        await using var fresh = options.OpenDatabase();
        await fresh.MigrateAsync();
        await using var source = await OpenAsync(engineDatabase);
        await using var loader = provider == CrmDatabaseProviders.Sqlite
            ? SqliteTableLoader.Open(fresh.ConnectionString)
            : await PostgresTableLoader.OpenAsync(fresh.ConnectionString);

        var watch = new Stopwatch();
        var loaded = new List<string>();
        foreach (var table in ProductTables.InLoadOrder(fresh))
        {
            if (await TableRows.AnyAsync(loader.Connection, table))
            {
                continue;
            }
            var rows = await TableRows.ReadAsync(source, table);
            if (rows.Rows.Count == 0)
            {
                continue;
            }
            var before = watch.Elapsed;
            watch.Start();
            await loader.LoadAsync(rows);
            watch.Stop();
            await loader.RefreshStatisticsAsync(table);
            loaded.Add(FormattableString.Invariant($"{table.Name} {rows.Rows.Count:N0} rows in {(watch.Elapsed - before).TotalSeconds:F2}s"));
        }
        Console.WriteLine($"  {provider}: indexed limit loaded {string.Join(", ", loaded)}");
        return events / watch.Elapsed.TotalSeconds;
    }

    private static async Task<DbConnection> OpenAsync(CrmDatabase database)
    {
        DbConnection connection = database.Provider == CrmDatabaseProviders.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}

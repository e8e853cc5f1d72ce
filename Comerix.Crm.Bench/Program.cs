using Comerix.Crm;
using Comerix.Crm.Bench;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Npgsql;

namespace Comerix.Crm.Bench;

/// <summary>
/// The benchmark entry point. A named class (not top-level statements) so the test project, which references both
/// this and SiteHost, sees one <c>Program</c>: the site's.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            // A mistyped option is the caller's to fix: say which, without a stack trace.
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        // Usage: dotnet run -c Release --project Comerix.Crm.Bench -- [ingest] [--events N] [--batch N] [--provider sqlite|postgres|all] [--ack-seconds N]
        //        dotnet run -c Release --project Comerix.Crm.Bench -- list [--events N | --contacts N] [--sqlite FILE]
        //        dotnet run -c Release --project Comerix.Crm.Bench -- http [--events N] [--batch N] [--clients N] [--provider sqlite|postgres] [--sites N]
        //        dotnet run -c Release --project Comerix.Crm.Bench -- import [--rows N]
        //        dotnet run -c Release --project Comerix.Crm.Bench -- phones [--calls N]
        //        dotnet run -c Release --project Comerix.Crm.Bench -- webhooks [--events N] [--provider sqlite|postgres]
        //        dotnet run -c Release --project Comerix.Crm.Bench -- dedupe-job [--sqlite FILE]
        //        dotnet run -c Release --project Comerix.Crm.Bench -- dedupe [--records N] [--scale N] [--file F --id-column C --cluster-column K --map FIELD=COL ...]
        //        PostgreSQL runs when COMERIX_BENCH_POSTGRES (a connection string to a server you may create databases on) is reachable.
        if (args.Length > 0 && args[0] == "backfill")
        {
            // backfill [--events N] [--batch N] [--provider sqlite|postgres|all] [--plain]: "events import" of a generated NDJSON(.gz) file.
            return await BackfillBenchmark.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "writer")
        {
            return await WriterCommand.RunAsync(args);
        }
        if (args.Length > 0 && args[0] == "http")
        {
            // http [--events N] [--batch N] [--clients N] [--provider sqlite|postgres] [--sites N]: the native events API of
            // running SiteHost processes over loopback; --sites N (PostgreSQL) runs N of them on one database.
            string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
            var sites = int.Parse(Arg("--sites", "1"), System.Globalization.CultureInfo.InvariantCulture);
            await HttpBenchmark.RunAsync(int.Parse(Arg("--events", "200000"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Arg("--batch", "100"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Arg("--clients", "16"), System.Globalization.CultureInfo.InvariantCulture),
                Arg("--provider", sites > 1 ? "postgres" : "sqlite").Trim().ToLowerInvariant(), sites);
            return 0;
        }
        if (args.Length > 0 && args[0] == "import")
        {
            // import [--rows N]: a CSV import of N rows (default 100,000, the most one file may hold) into a directory
            // that already knows half of them.
            var rows = int.Parse(args.SkipWhile(a => a != "--rows").Skip(1).FirstOrDefault() ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
            await ImportBenchmark.RunAsync(rows);
            return 0;
        }
        if (args.Length > 0 && args[0] == "dedupe-job")
        {
            // dedupe-job [--sqlite FILE]: the duplicate job's full pass (read, find, save) on a stored directory.
            return await DedupeJobBenchmark.RunAsync(args.SkipWhile(a => a != "--sqlite").Skip(1).FirstOrDefault()
                ?? Path.Combine(Path.GetTempPath(), "comerix-bench", $"list-directory-1000000-contacts.db"));
        }
        if (args.Length > 0 && args[0] == "dedupe")
        {
            // dedupe [--records N] [--seed S] [--scale N] [--no-import] [--phone-region R] [--file F --id-column C --cluster-column K
            // --map FIELD=COL ...]: the duplicate finder's precision and recall on a labelled file put through the CSV import
            // (generated, 20,000 records by default), and with --scale N the time of a full pass over N generated records.
            await DedupeBenchmark.RunAsync(args);
            return 0;
        }
        if (args.Length > 0 && args[0] == "phones")
        {
            // phones [--calls N]: what normalising one phone claim and formatting one stored number cost (libphonenumber).
            PhoneBenchmark.Run(int.Parse(args.SkipWhile(a => a != "--calls").Skip(1).FirstOrDefault() ?? "1000000", System.Globalization.CultureInfo.InvariantCulture));
            return 0;
        }
        if (args.Length > 0 && args[0] == "webhooks")
        {
            // webhooks [--events N] [--provider sqlite|postgres]: deliveries to a local receiver while N events are
            // ingested, and ingestion with webhooks on against off.
            await WebhooksBenchmark.RunAsync(args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() ?? CrmDatabaseProviders.Sqlite,
                int.Parse(args.SkipWhile(a => a != "--events").Skip(1).FirstOrDefault() ?? "100000", System.Globalization.CultureInfo.InvariantCulture));
            return 0;
        }
        if (args.Length > 0 && args[0] == "list")
        {
            // list [--events N | --contacts N] [--sqlite FILE]: the admin's reads on a directory built from N events
            // (or from as many as make about N contacts).
            string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            var contacts = Arg("--contacts") is { } wanted ? int.Parse(wanted, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            var count = contacts is { } n ? ListBenchmark.EventsFor(n)
                : int.Parse(Arg("--events") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture);
            var file = Arg("--sqlite") ?? Path.Combine(Path.GetTempPath(), "comerix-bench",
                contacts is null ? "list-directory.db" : $"list-directory-{contacts}-contacts.db");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await ListBenchmark.RunAsync(file, count);
            return 0;
        }

        var options = BenchArguments.Parse(args);
        // Generated batch by batch, not held: a client's million events are not the engine's memory to carry.
        IEnumerable<CrmEvent> Stream(int count) => new StreamGenerator(seed: 42).Generate(count);
        Console.WriteLine($"Streaming {options.Events:N0} generated events.");

        if (options.Providers.Contains(CrmDatabaseProviders.Sqlite))
        {
            var directory = Path.Combine(Path.GetTempPath(), "comerix-bench", Guid.NewGuid().ToString("N"));
            try
            {
                await IngestBenchmark.RunAsync(CrmDatabaseProviders.Sqlite, new CrmOptions { DataDirectory = directory }, Stream, options);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }

        if (options.Providers.Contains(CrmDatabaseProviders.Postgres))
        {
            var server = BenchPostgres.Server;
            var database = await BenchPostgres.CreateDatabaseAsync(server);
            if (database is null)
            {
                Console.WriteLine("PostgreSQL: no server reachable (set COMERIX_BENCH_POSTGRES); skipped.");
            }
            else
            {
                try
                {
                    await IngestBenchmark.RunAsync(CrmDatabaseProviders.Postgres,
                        new CrmOptions { DatabaseProvider = CrmDatabaseProviders.Postgres, ConnectionString = database.Value.ConnectionString }, Stream, options);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await BenchPostgres.DropDatabaseAsync(server, database.Value.Name);
                }
            }
        }

        return 0;
    }
}

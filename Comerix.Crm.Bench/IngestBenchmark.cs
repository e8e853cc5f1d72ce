using System.Diagnostics;
using Comerix.Crm.Data;
using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Bench;

/// <summary>Ingests the stream through the identity engine into a fresh database, then measures the bare-table limit.</summary>
internal static class IngestBenchmark
{
    public static async Task RunAsync(string provider, CrmOptions options, IReadOnlyList<CrmEvent> events, int batchSize)
    {
        options.Resolution.BatchTransactionSize = batchSize;
        await using var database = new CrmDatabase(options);
        await database.MigrateAsync();
        var engine = new IdentityEngine(new Comerix.Crm.Data.Sql.SqlIdentityStore(database.Dialect, TimeProvider.System), options.Resolution, TimeProvider.System);

        var outcomes = new Dictionary<IngestOutcome, int>();
        using var phases = new PhaseTimes();
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < events.Count; start += batchSize)
        {
            var batch = events.Skip(start).Take(batchSize).ToList();
            foreach (var result in await engine.IngestBatchAsync("Default", batch))
            {
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            }
            if ((start / batchSize) % 100 == 99)
            {
                Console.WriteLine($"  {provider}: {start + batchSize:N0} events, {(start + batchSize) / watch.Elapsed.TotalSeconds:N0}/s");
            }
        }
        var perSecond = events.Count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  {provider}: time by phase {phases}");

        await using (var db = database.CreateDbContext())
        {
            var live = await db.Contacts.CountAsync(c => c.State == "live");
            var identified = await db.Contacts.CountAsync(c => c.State == "live" && c.IsIdentified);
            var identifiers = await db.Identifiers.CountAsync();
            Console.WriteLine($"  {provider}: contacts={live:N0} identified={identified:N0} identifiers={identifiers:N0} outcomes=" +
                string.Join(",", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}:{o.Value}")));
        }

        var limit = provider == CrmDatabaseProviders.Sqlite
            ? BareInsertLimit.Sqlite(Path.Combine(options.DataDirectory, "bare-limit.db"), events)
            : await BareInsertLimit.PostgresAsync(options.ConnectionString!, events);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT ingest provider={provider} events={events.Count} events_per_s={perSecond:F0} limit_per_s={limit:F0} ratio={perSecond / limit:F3}"));
    }
}

using System.Diagnostics;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Bench;

/// <summary>Ingests the stream through the identity engine into a fresh database, then measures the bare-table limit.</summary>
internal static class IngestBenchmark
{
    /// <param name="stream">Makes the same stream each time it is called (the engine's run, then the bare table's).</param>
    public static async Task RunAsync(string provider, CrmOptions options, Func<IEnumerable<CrmEvent>> stream, int batchSize)
    {
        options.Resolution.BatchTransactionSize = batchSize;
        await using var database = options.OpenDatabase();
        await database.MigrateAsync();
        // With a suppression list, as the site's engine has: each transaction reads the list's version (and the list when it moved).
        var engine = new IdentityEngine(new Comerix.Crm.Data.Sql.SqlIdentityStore(database.Dialect, TimeProvider.System), options.Resolution,
            TimeProvider.System, new Erasure.SuppressionList(Audit.AuditSigner.Ephemeral(), TimeProvider.System));

        var outcomes = new Dictionary<IngestOutcome, int>();
        using var phases = new PhaseTimes();
        var pausesBefore = GC.GetTotalPauseDuration();
        var watch = new Stopwatch();
        var count = 0;
        // The clock runs only while the engine works: generating the next batch is the client's business.
        foreach (var batch in EventBatches.Of(stream(), batchSize))
        {
            watch.Start();
            foreach (var result in await engine.IngestBatchAsync("Default", batch))
            {
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            }
            watch.Stop();
            count += batch.Count;
            if ((count / batchSize) % 100 == 0)
            {
                Console.WriteLine($"  {provider}: {count:N0} events, {count / watch.Elapsed.TotalSeconds:N0}/s");
            }
        }
        var perSecond = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  {provider}: time by phase {phases}");
        Console.WriteLine(FormattableString.Invariant(
            $"  {provider}: garbage collection paused the process {(GC.GetTotalPauseDuration() - pausesBefore).TotalSeconds:F1}s, {GC.CollectionCount(2)} full collections"));

        await using (var db = database.CreateDbContext())
        {
            var live = await db.Contacts.CountAsync(c => c.State == ContactState.Live);
            var identified = await db.Contacts.CountAsync(c => c.State == ContactState.Live && c.IsIdentified);
            var identifiers = await db.Identifiers.CountAsync();
            Console.WriteLine($"  {provider}: contacts={live:N0} identified={identified:N0} identifiers={identifiers:N0} outcomes=" +
                string.Join(",", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}:{o.Value}")));
        }

        var limit = provider == CrmDatabaseProviders.Sqlite
            ? BareInsertLimit.Sqlite(Path.Combine(options.DataDirectory, "bare-limit.db"), stream(), batchSize)
            : await BareInsertLimit.PostgresAsync(options.ConnectionString!, stream(), batchSize);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT ingest provider={provider} events={count} events_per_s={perSecond:F0} limit_per_s={limit:F0} ratio={perSecond / limit:F3}"));
    }
}

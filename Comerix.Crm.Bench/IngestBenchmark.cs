using System.Diagnostics;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;

namespace Comerix.Crm.Bench;

/// <summary>
/// Ingests the stream through the identity engine into a fresh database as fast as it goes, then measures what
/// that is worth: against a bare table (<see cref="BareInsertLimit"/>) and against the same rows bulk-loaded into the
/// product's schema (<see cref="IndexedLoadLimit"/>), with the bytes it wrote per event; then how long callers wait for
/// their commit at half that rate (<see cref="AckLatencyProbe"/>).
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>The latency phase's share of the measured maximum: a busy site, not a saturated one.</summary>
    private const double SustainedShare = 0.5;

    /// <param name="stream">The first N events of the same stream each time it is called.</param>
    public static async Task RunAsync(string provider, CrmOptions options, Func<int, IEnumerable<CrmEvent>> stream, BenchArguments arguments)
    {
        options.Resolution.BatchTransactionSize = arguments.Batch;
        await using var database = options.OpenDatabase();
        await database.MigrateAsync();
        // With a suppression list, as the site's engine has: each transaction reads the list's version (and the list when it moved).
        var engine = new IdentityEngine(new Comerix.Crm.Data.Sql.SqlIdentityStore(database.Dialect, TimeProvider.System), options.Resolution,
            TimeProvider.System, new Erasure.SuppressionList(Audit.AuditSigner.Ephemeral(), TimeProvider.System));

        var volume = await WriteVolume.StartAsync(database);
        var (count, perSecond) = arguments.InFlight == 1
            ? await IngestAsFastAsPossibleAsync(provider, engine, stream(arguments.Events), arguments.Batch)
            : await HandInAsFastAsPossibleAsync(provider, engine, stream(arguments.Events), arguments);
        var (processBytes, walBytes) = await volume.StopAsync();
        await PrintDirectoryAsync(provider, database);

        var indexedLimit = await IndexedLoadLimit.MeasureAsync(provider, database, count);
        var limit = provider == CrmDatabaseProviders.Sqlite
            ? BareInsertLimit.Sqlite(Path.Combine(options.DataDirectory, "bare-limit.db"), stream(arguments.Events), arguments.Batch)
            : await BareInsertLimit.PostgresAsync(database.ConnectionString, stream(arguments.Events), arguments.Batch);

        // The same database the maximum-rate run filled (a site that already holds the directory), with the stream's
        // next events: returning people and new ones, ids never seen. The site's engine, with the site's default batch size.
        var load = perSecond * SustainedShare;
        var next = stream(count + Math.Max(1, (int)(load * arguments.AckSeconds))).Skip(count).ToList();
        var siteEngine = new IdentityEngine(new Comerix.Crm.Data.Sql.SqlIdentityStore(database.Dialect, TimeProvider.System), new IdentityResolutionOptions(),
            TimeProvider.System, new Erasure.SuppressionList(Audit.AuditSigner.Ephemeral(), TimeProvider.System));
        var ack = await AckLatencyProbe.RunAsync(siteEngine, provider, next, load);

        var written = provider == CrmDatabaseProviders.Postgres
            ? Invariant($"wal_bytes_per_event={walBytes / count:F0}")
            : processBytes is { } bytes ? Invariant($"bytes_per_event={bytes / count:F0}") : "bytes_per_event=unknown";
        Console.WriteLine(Invariant(
            $"RESULT ingest provider={provider} events={count} batch={arguments.Batch} in_flight={arguments.InFlight} ") + Invariant(
            $"events_per_s={perSecond:F0} limit_per_s={limit:F0} ratio={perSecond / limit:F3} ") + Invariant(
            $"indexed_limit_per_s={indexedLimit:F0} indexed_ratio={perSecond / indexedLimit:F3} {written} ") + Invariant(
            $"load_per_s={ack.LoadPerSecond:F0} p50_ack_ms={ack.P50Milliseconds:F1} p99_ack_ms={ack.P99Milliseconds:F1}"));
    }

    private static async Task<(int Count, double PerSecond)> IngestAsFastAsPossibleAsync(
        string provider, IdentityEngine engine, IEnumerable<CrmEvent> stream, int batchSize)
    {
        var outcomes = new Dictionary<IngestOutcome, int>();
        using var phases = new PhaseTimes();
        var pausesBefore = GC.GetTotalPauseDuration();
        var watch = new Stopwatch();
        var count = 0;
        // The clock runs only while the engine works: generating the next batch is the client's business.
        foreach (var batch in EventBatches.Of(stream, batchSize))
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
        Console.WriteLine($"  {provider}: time by phase {phases}");
        Console.WriteLine(Invariant(
            $"  {provider}: garbage collection paused the process {(GC.GetTotalPauseDuration() - pausesBefore).TotalSeconds:F1}s, {GC.CollectionCount(2)} full collections"));
        Console.WriteLine($"  {provider}: outcomes " + string.Join(",", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}:{o.Value}")));
        return (count, count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The stream's batches handed to the site's group-commit writer with <see cref="BenchArguments.InFlight"/> of them
    /// waiting at any time, as concurrent clients would: the clock covers the whole run, since the client's next batch
    /// is made while the writer works on the last.
    /// </summary>
    private static async Task<(int Count, double PerSecond)> HandInAsFastAsPossibleAsync(
        string provider, IdentityEngine engine, IEnumerable<CrmEvent> stream, BenchArguments arguments)
    {
        using var phases = new PhaseTimes();
        var groups = new List<int>();
        using var listener = CommitGroupListener(groups);
        var slots = new SemaphoreSlim(arguments.InFlight);
        var pending = new List<Task>();
        var count = 0;
        var watch = Stopwatch.StartNew();
        await using (var writer = new GroupCommitWriter(engine, GroupCommitWriter.MaxGroupEventsFor(provider)))
        {
            foreach (var batch in EventBatches.Of(stream, arguments.Batch))
            {
                await slots.WaitAsync();
                pending.Add(writer.IngestAsync("Default", batch).ContinueWith(_ => slots.Release(), TaskScheduler.Default));
                count += batch.Count;
                if ((count / arguments.Batch) % 100 == 0)
                {
                    Console.WriteLine($"  {provider}: {count:N0} events handed in, {count / watch.Elapsed.TotalSeconds:N0}/s");
                }
            }
            await Task.WhenAll(pending);
        }
        watch.Stop();
        Console.WriteLine($"  {provider}: time by phase {phases}");
        lock (groups)
        {
            Console.WriteLine(Invariant($"  {provider}: {groups.Count:N0} group commits, {groups.DefaultIfEmpty().Average():N0} events on average, largest {groups.DefaultIfEmpty().Max():N0}"));
        }
        return (count, count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>The size of each group the writer commits, from its telemetry.</summary>
    private static ActivityListener CommitGroupListener(List<int> groups)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CrmTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.OperationName == CrmTelemetry.IngestCommitActivity && a.GetTagItem(CrmTelemetry.EventsTag) is int events)
                {
                    lock (groups)
                    {
                        groups.Add(events);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task PrintDirectoryAsync(string provider, CrmDatabase database)
    {
        await using var db = database.CreateDbContext();
        var live = await db.Contacts.CountAsync(c => c.State == ContactState.Live);
        var identified = await db.Contacts.CountAsync(c => c.State == ContactState.Live && c.IsIdentified);
        var identifiers = await db.Identifiers.CountAsync();
        Console.WriteLine($"  {provider}: contacts={live:N0} identified={identified:N0} identifiers={identifiers:N0}");
    }
}

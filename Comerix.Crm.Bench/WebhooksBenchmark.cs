using System.Diagnostics;
using Comerix.Crm.Data;
using Comerix.Crm.Notifications;
using Comerix.Crm.Resolution;
using Comerix.Crm.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static System.FormattableString;

namespace Comerix.Crm.Bench;

/// <summary>
/// Outbound webhooks under ingestion. The generated stream goes through the module's own engine (its outbox and all)
/// twice, each time into a fresh database: first with no endpoint (webhooks off), then with one endpoint subscribed
/// to the contact events and pointing at a local receiver that checks every signature, while the site's delivery
/// worker runs in the same process. Every delivery must arrive exactly once, in order per contact, or the run fails.
/// Prints <c>RESULT webhooks …</c> and <c>RESULT ingest_with_webhooks …</c>.
/// </summary>
internal static class WebhooksBenchmark
{
    private const string Tenant = "Default";
    private const int BatchSize = 1_000;

    /// <summary>A receiver that has not seen a new delivery for this long means deliveries are stuck: the run fails.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(90);

    private static readonly string[] ContactEvents =
    [
        CrmEventTypes.ContactCreated, CrmEventTypes.ContactUpdated, CrmEventTypes.ContactIdentified, CrmEventTypes.ContactMerged,
        CrmEventTypes.ContactErased, CrmEventTypes.DoNotContactSet, CrmEventTypes.DoNotContactLifted,
    ];

    private sealed record Ingested(int Events, double EventsPerSecond, DateTime StartedAt, DateTime EndedAt);

    public static async Task RunAsync(string provider, int events)
    {
        Console.WriteLine($"  {provider}: webhooks off, {events:N0} events");
        var off = await RunPhaseAsync(provider, events, receiver: null);
        if (off is null)
        {
            Console.WriteLine("PostgreSQL: no server reachable (set COMERIX_BENCH_POSTGRES); skipped.");
            return;
        }
        Console.WriteLine($"  {provider}: webhooks on, {events:N0} events");
        await using var receiver = await BenchWebhookReceiver.StartAsync();
        var on = await RunPhaseAsync(provider, events, receiver);
        Console.WriteLine(Invariant(
            $"RESULT ingest_with_webhooks provider={provider} events={events} events_per_s_off={off.EventsPerSecond:F0} ") + Invariant(
            $"events_per_s_on={on!.EventsPerSecond:F0} ratio={on.EventsPerSecond / off.EventsPerSecond:F3}"));
    }

    /// <param name="receiver">Null: no endpoint, webhooks off.</param>
    /// <returns>Null when the provider's database cannot be had.</returns>
    private static async Task<Ingested?> RunPhaseAsync(string provider, int events, BenchWebhookReceiver? receiver)
    {
        await using var store = await BenchStore.CreateAsync(provider);
        if (store is null)
        {
            return null;
        }
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddComerixCrm(o =>
            {
                store.Configure(o);
                o.Resolution.BatchTransactionSize = BatchSize;
                // The receiver is on this machine, over http: the development settings. Everything else as the site's defaults.
                o.Webhooks.AllowHttp = true;
                o.Webhooks.AllowPrivateNetworks = true;
            });
        await using var site = services.BuildServiceProvider();
        await site.GetRequiredService<CrmDatabase>().MigrateAsync();
        if (receiver is not null)
        {
            await using var scope = site.CreateAsyncScope();
            var (created, urlProblem, eventsProblem) = await scope.ServiceProvider.GetRequiredService<WebhookEndpointService>()
                .CreateAsync(Tenant, receiver.Url, ContactEvents, "bench");
            receiver.Secret = (created ?? throw new InvalidOperationException(urlProblem ?? eventsProblem)).Secret;
        }
        // The site's own worker class with the site's services, started as the host would start it (both phases alike).
        using var worker = ActivatorUtilities.CreateInstance<WebhookDeliveryWorker>(site);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var ingested = await IngestAsync(provider, site.GetRequiredService<IdentityEngine>(), events);
            if (receiver is not null)
            {
                await DrainAndReportAsync(provider, site.GetRequiredService<CrmDatabase>(), receiver, ingested);
            }
            return ingested;
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>As the ingest benchmark: batches of 1,000 through the engine, the clock running only while the engine works.</summary>
    private static async Task<Ingested> IngestAsync(string provider, IdentityEngine engine, int events)
    {
        var watch = new Stopwatch();
        var startedAt = DateTime.UtcNow;
        var count = 0;
        foreach (var batch in EventBatches.Of(new StreamGenerator(seed: 42).Generate(events), BatchSize))
        {
            watch.Start();
            await engine.IngestBatchAsync(Tenant, batch);
            watch.Stop();
            count += batch.Count;
        }
        var ingested = new Ingested(count, count / watch.Elapsed.TotalSeconds, startedAt, DateTime.UtcNow);
        Console.WriteLine(Invariant($"  {provider}: ingested {count:N0} events at {ingested.EventsPerSecond:F0}/s"));
        return ingested;
    }

    private static async Task DrainAndReportAsync(string provider, CrmDatabase database, BenchWebhookReceiver receiver, Ingested ingested)
    {
        int written;
        await using (var db = database.CreateDbContext())
        {
            written = await db.WebhookDeliveries.CountAsync();
        }
        Console.WriteLine($"  {provider}: {written:N0} deliveries written, {receiver.Arrivals.Count:N0} arrived by the end of ingestion");
        await WaitForAsync(() => Task.FromResult(receiver.Arrivals.Count), written, receiver, "arrived");
        // The worker records each delivery after its answer: wait for the log to say so too, so nothing is pending.
        await WaitForAsync(async () =>
        {
            await using var db = database.CreateDbContext();
            return await db.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Delivered);
        }, written, receiver, "recorded as delivered");

        List<(string MessageId, long Id, long? ContactId, string EventType, DateTime CreatedAt, WebhookDeliveryStatus Status)> rows;
        await using (var db = database.CreateDbContext())
        {
            rows = (await db.WebhookDeliveries.AsNoTracking()
                    .Select(d => new { d.MessageId, d.Id, d.ContactId, d.EventType, d.CreatedAt, d.Status }).ToListAsync())
                .Select(d => (d.MessageId, d.Id, d.ContactId, d.EventType, DateTime.SpecifyKind(d.CreatedAt, DateTimeKind.Utc), d.Status)).ToList();
        }
        var lost = rows.Count(r => r.Status != WebhookDeliveryStatus.Delivered || !receiver.Arrivals.ContainsKey(r.MessageId));
        var known = rows.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
        var unknown = receiver.Arrivals.Keys.Count(id => !known.Contains(id));
        // In order per contact: a contact's deliveries, taken in the order they were written, arrived in that order.
        var outOfOrder = rows.Where(r => r.ContactId is not null && receiver.Arrivals.ContainsKey(r.MessageId))
            .GroupBy(r => r.ContactId)
            .Sum(g => g.OrderBy(r => r.Id).Select(r => receiver.Arrivals[r.MessageId]).Zip(g.OrderBy(r => r.Id).Skip(1).Select(r => receiver.Arrivals[r.MessageId]))
                .Count(pair => pair.Second <= pair.First));

        // "Commit" here is the outbox row's created_at: the clock read when the ingesting transaction wrote the row,
        // a little before that transaction committed (at most one batch's work earlier). So the delay is from the
        // write of the change to the receiver's arrival time, an upper bound on commit-to-delivery.
        var delays = rows.Where(r => receiver.Arrivals.ContainsKey(r.MessageId))
            .Select(r => (receiver.Arrivals[r.MessageId] - r.CreatedAt).TotalMilliseconds).Order().ToArray();
        var firstWritten = rows.Min(r => r.CreatedAt);
        var deliveriesPerSecond = delays.Length / (receiver.LastArrival - firstWritten).TotalSeconds;
        var drain = Math.Max(0, (receiver.LastArrival - ingested.EndedAt).TotalSeconds);
        Console.WriteLine($"  {provider}: by type " + string.Join(" ", rows.GroupBy(r => r.EventType).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}")));
        Console.WriteLine(Invariant(
            $"  {provider}: delivered={delays.Length} lost={lost} duplicates={receiver.Duplicates} refused_signatures={receiver.Refused} ") + Invariant(
            $"unknown_ids={unknown} out_of_order={outOfOrder} max_commit_to_delivery_ms={delays.LastOrDefault():F0}"));
        Console.WriteLine(Invariant(
            $"RESULT webhooks provider={provider} events={ingested.Events} deliveries={delays.Length} deliveries_per_s={deliveriesPerSecond:F0} ") + Invariant(
            $"p50_commit_to_delivery_ms={Percentile(delays, 0.50):F0} p99_commit_to_delivery_ms={Percentile(delays, 0.99):F0} ") + Invariant(
            $"backlog_drain_s={drain:F1} duplicates={receiver.Duplicates}"));
        if (lost > 0 || receiver.Duplicates > 0 || receiver.Refused > 0 || unknown > 0 || outOfOrder > 0 || rows.Count == 0)
        {
            throw new InvalidOperationException(
                $"Webhook deliveries went wrong: {rows.Count} written, {lost} lost, {receiver.Duplicates} duplicated, " +
                $"{receiver.Refused} refused by the signature check, {unknown} unknown, {outOfOrder} out of order per contact.");
        }
    }

    /// <summary>Waits until <paramref name="count"/> reaches <paramref name="target"/>; fails when it stops moving for <see cref="Stalled"/>.</summary>
    private static async Task WaitForAsync(Func<Task<int>> count, int target, BenchWebhookReceiver receiver, string what)
    {
        var last = -1;
        var movedAt = Stopwatch.StartNew();
        while (await count() is var now && now < target)
        {
            if (now != last)
            {
                last = now;
                movedAt.Restart();
            }
            else if (movedAt.Elapsed > Stalled)
            {
                throw new InvalidOperationException(
                    $"Webhook deliveries are lost: {now:N0} of {target:N0} {what}, none for {Stalled.TotalSeconds:0} s " +
                    $"({receiver.Duplicates} duplicates, {receiver.Refused} refused by the signature check).");
            }
            await Task.Delay(50);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

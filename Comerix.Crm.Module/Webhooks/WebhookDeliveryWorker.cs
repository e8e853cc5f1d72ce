using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// Sends the outbox. Each round claims due deliveries (leasing them for <see cref="WebhookOptions.Lease"/>, so a
/// process that dies mid-send leaves them due again: at-least-once, same webhook-id), taking per endpoint and
/// contact only the oldest pending one (in order per contact), and sends endpoints in parallel. A failure is retried
/// with back-off until the delivery's retry window ends; then it fails and its endpoint is marked failing. Runs on
/// its own connections, never in an ingestion transaction: a slow receiver holds up only its own deliveries.
/// </summary>
internal sealed class WebhookDeliveryWorker(
    CrmDatabase database, WebhookSender sender, WebhookSecretProtector secrets, WebhookDeliverySignal signal, WebhookOptions options,
    TimeProvider time, ILogger<WebhookDeliveryWorker> logger, IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    private DateTimeOffset? _prunedAt;

    private sealed record Claimed(string TenantId, string EndpointId, long Id, string MessageId, string Payload, int Attempts,
        DateTime GiveUpAt, string Url, string ProtectedSecret);

    /// <summary>A delivery sent this round and how it went.</summary>
    private sealed record Attempted(Claimed Delivery, WebhookSender.Outcome Outcome);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RunWorker)
        {
            return;
        }
        await Task.Yield();
        try
        {
            await WhenHostStartedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping mid-send: the attempt's lease runs out and whoever runs next sends it again.
                return;
            }
            catch (Exception ex)
            {
                // The schema may not be migrated yet, or the database is busy: try again at the next round.
                WebhookLog.RoundFailed(logger, ex);
            }
            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(options.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claims what is due and sends it. Returns how many deliveries were attempted.</summary>

    /// <summary>
    /// A host that migrates its database in a hosted service of its own (SiteHost's set-up) starts it after this one;
    /// the first round waits until every hosted service has started, so it never meets a schema still being made.
    /// </summary>
    private async Task WhenHostStartedAsync(CancellationToken stoppingToken)
    {
        if (lifetime is null || lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return;
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await PruneLogAsync(cancellationToken);
        var claimed = await ClaimAsync(cancellationToken);
        await Task.WhenAll(claimed.GroupBy(c => (c.TenantId, c.EndpointId)).Select(async endpoint =>
        {
            var attempted = new List<Attempted>();
            foreach (var delivery in endpoint)
            {
                attempted.Add(new Attempted(delivery, secrets.TryReveal(delivery.ProtectedSecret, out var secret)
                    ? await sender.SendAsync(delivery.Url, secret, delivery.MessageId, delivery.Payload, cancellationToken)
                    : Unsignable(delivery)));
            }
            await RecordAsync(attempted, cancellationToken);
        }));
        return claimed.Count;
    }

    private async Task<List<Claimed>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        var claimed = new List<Claimed>();
        await using var session = await database.Dialect.OpenSessionAsync(cancellationToken);
        var lockSuffix = database.Provider == CrmDatabaseProviders.Postgres ? " FOR UPDATE OF d SKIP LOCKED" : "";
        // "The oldest pending delivery of its contact" is a scalar subquery, run per candidate in due order until the
        // batch is full, through the contact's own few rows. As NOT EXISTS it cost PostgreSQL 206 ms a round once a
        // backlog built up (13,000 deliveries; a minute behind ingestion), and SQLite probed it through the primary
        // key: every earlier delivery of the endpoint, delivered ones included, per candidate (93 ms a round at 6,000).
        var contactRows = database.Provider == CrmDatabaseProviders.Sqlite ? "crm_webhook_deliveries p INDEXED BY ix_crm_webhook_deliveries_contact" : "crm_webhook_deliveries p";
        await using (var reader = await session.ReaderAsync(
            "SELECT d.tenant_id, d.endpoint_id, d.id, d.message_id, d.payload_json, d.attempts, d.give_up_at, e.url, e.secret " +
            "FROM crm_webhook_deliveries d JOIN crm_webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id " +
            "WHERE d.status = @p2 AND d.next_attempt_at <= @p0 AND (d.contact_id IS NULL OR d.id = (SELECT MIN(p.id) FROM " + contactRows + " " +
            "WHERE p.tenant_id = d.tenant_id AND p.endpoint_id = d.endpoint_id AND p.contact_id = d.contact_id AND p.status = @p2)) " +
            "ORDER BY d.next_attempt_at, d.id LIMIT @p1" + lockSuffix, now, options.BatchSize, WebhookDeliveryStatuses.Pending))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new Claimed(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc), reader.GetString(7), reader.GetString(8)));
            }
        }
        // One statement per endpoint, not one per delivery: on PostgreSQL each statement is a round trip.
        foreach (var endpoint in claimed.GroupBy(c => (c.TenantId, c.EndpointId)))
        {
            await session.ExecuteAsync(
                "UPDATE crm_webhook_deliveries SET next_attempt_at = @p2, attempts = attempts + 1, last_attempt_at = @p3 " +
                $"WHERE tenant_id = @p0 AND endpoint_id = @p1 AND {database.Dialect.InList("id", "@p4")}",
                endpoint.Key.TenantId, endpoint.Key.EndpointId, now + options.Lease, now, database.Dialect.ListArgument(endpoint.Select(c => c.Id).ToList()));
        }
        await session.Transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>
    /// The key ring that protected the secret is gone: nothing is sent (unsigned, the receiver must refuse it), and the
    /// delivery is retried like any failure, so a restored key folder or a rotated secret sends it.
    /// </summary>
    private WebhookSender.Outcome Unsignable(Claimed delivery)
    {
        WebhookLog.SecretUnreadable(logger, delivery.EndpointId, delivery.TenantId);
        return new WebhookSender.Outcome(false, null, WebhookSecretProtector.UnreadableError);
    }

    /// <summary>
    /// What an endpoint's round came to, in one transaction rather than one per delivery, and the successes in one
    /// statement: on SQLite each transaction waits its turn at the write lock, which ingestion holds most of the time
    /// (a round of 50 took 51 turns, and deliveries all but stopped while events came in); on PostgreSQL each
    /// statement is a round trip. A process that dies before this commits sends the round again when the lease runs
    /// out: same webhook-ids, as for a crash mid-send. Times are the round's end, milliseconds after the answers.
    /// </summary>
    private async Task RecordAsync(IReadOnlyList<Attempted> attempted, CancellationToken cancellationToken)
    {
        var now = Now();
        var endpoint = attempted[0].Delivery;
        await using var session = await database.Dialect.OpenSessionAsync(cancellationToken);
        foreach (var byStatus in attempted.Where(a => a.Outcome.Success).GroupBy(a => a.Outcome.StatusCode))
        {
            await session.ExecuteAsync(
                // The payload goes once it is delivered: the log keeps when and how, not a copy of the person.
                "UPDATE crm_webhook_deliveries SET status = @p2, delivered_at = @p3, next_attempt_at = @p3, last_status_code = @p4, last_error = NULL, payload_json = '' " +
                $"WHERE tenant_id = @p0 AND endpoint_id = @p1 AND {database.Dialect.InList("id", "@p5")}",
                endpoint.TenantId, endpoint.EndpointId, WebhookDeliveryStatuses.Delivered, now, byStatus.Key,
                database.Dialect.ListArgument(byStatus.Select(a => a.Delivery.Id).ToList()));
        }
        foreach (var (delivery, outcome) in attempted.Where(a => !a.Outcome.Success))
        {
            var attempts = delivery.Attempts + 1;
            if (now >= delivery.GiveUpAt)
            {
                await session.ExecuteAsync(
                    "UPDATE crm_webhook_deliveries SET status = @p3, last_status_code = @p4, last_error = @p5 WHERE tenant_id = @p0 AND endpoint_id = @p1 AND id = @p2",
                    delivery.TenantId, delivery.EndpointId, delivery.Id, WebhookDeliveryStatuses.Failed, outcome.StatusCode, outcome.Error);
                WebhookLog.GaveUp(logger, delivery.MessageId, delivery.EndpointId, attempts, outcome.Error);
            }
            else
            {
                var next = now + WebhookRetryPolicy.DelayAfter(attempts, options, Random.Shared);
                await session.ExecuteAsync(
                    "UPDATE crm_webhook_deliveries SET next_attempt_at = @p3, last_status_code = @p4, last_error = @p5 WHERE tenant_id = @p0 AND endpoint_id = @p1 AND id = @p2",
                    delivery.TenantId, delivery.EndpointId, delivery.Id, next < delivery.GiveUpAt ? next : delivery.GiveUpAt, outcome.StatusCode, outcome.Error);
            }
        }
        // The endpoint ends as its deliveries did, in order: healthy after a success, failing after a give-up that came later.
        var lastSuccess = attempted.Select((a, i) => a.Outcome.Success ? i : -1).Max();
        if (lastSuccess >= 0)
        {
            await session.ExecuteAsync(
                "UPDATE crm_webhook_endpoints SET state = @p2, failing_since = NULL, last_success_at = @p3 WHERE tenant_id = @p0 AND id = @p1",
                endpoint.TenantId, endpoint.EndpointId, WebhookEndpointStates.Healthy, now);
        }
        if (attempted.Skip(lastSuccess + 1).Any(a => !a.Outcome.Success && now >= a.Delivery.GiveUpAt))
        {
            await session.ExecuteAsync(
                "UPDATE crm_webhook_endpoints SET state = @p2, failing_since = COALESCE(failing_since, @p3) WHERE tenant_id = @p0 AND id = @p1",
                endpoint.TenantId, endpoint.EndpointId, WebhookEndpointStates.Failing, now);
        }
        await session.Transaction.CommitAsync(cancellationToken);
    }

    /// <summary>At most once an hour: log rows of finished deliveries older than <see cref="WebhookOptions.LogRetention"/> go.</summary>
    private async Task PruneLogAsync(CancellationToken cancellationToken)
    {
        if (_prunedAt is { } at && time.GetUtcNow() - at < TimeSpan.FromHours(1))
        {
            return;
        }
        _prunedAt = time.GetUtcNow();
        await using var session = await database.Dialect.OpenSessionAsync(cancellationToken);
        await session.ExecuteAsync("DELETE FROM crm_webhook_deliveries WHERE status IN (@p0, @p1) AND created_at < @p2",
            WebhookDeliveryStatuses.Delivered, WebhookDeliveryStatuses.Failed, Now() - options.LogRetention);
        await session.Transaction.CommitAsync(cancellationToken);
    }

    private DateTime Now() => Resolution.Timestamps.Normalize(time.GetUtcNow());
}

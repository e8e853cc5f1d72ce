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
    WebhookDeliveryQueue queue, WebhookSender sender, WebhookSecretProtector secrets, WebhookDeliverySignal signal, WebhookOptions options,
    TimeProvider time, ILogger<WebhookDeliveryWorker> logger, IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    private DateTimeOffset? _prunedAt;

    /// <summary>A delivery sent this round and how it went.</summary>
    private sealed record Attempted(DueWebhookDelivery Delivery, WebhookSender.Outcome Outcome);

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

    /// <summary>One round: claims what is due and sends it. Returns how many deliveries were attempted.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await PruneLogAsync(cancellationToken);
        var claimed = await queue.ClaimAsync(Now(), options.BatchSize, options.Lease, cancellationToken);
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

    /// <summary>
    /// The key ring that protected the secret is gone: nothing is sent (unsigned, the receiver must refuse it), and the
    /// delivery is retried like any failure, so a restored key folder or a rotated secret sends it.
    /// </summary>
    private WebhookSender.Outcome Unsignable(DueWebhookDelivery delivery)
    {
        WebhookLog.SecretUnreadable(logger, delivery.EndpointId, delivery.TenantId);
        return new WebhookSender.Outcome(false, null, WebhookSecretProtector.UnreadableError);
    }

    /// <summary>
    /// What an endpoint's round came to, recorded in one transaction (see <see cref="WebhookDeliveryQueue.RecordAsync"/>).
    /// A process that dies before this commits sends the round again when the lease runs out: same webhook-ids, as
    /// for a crash mid-send. Times are the round's end, milliseconds after the answers.
    /// </summary>
    private async Task RecordAsync(IReadOnlyList<Attempted> attempted, CancellationToken cancellationToken)
    {
        var now = Now();
        var endpoint = attempted[0].Delivery;
        var failed = new List<FailedWebhookAttempt>();
        foreach (var (delivery, outcome) in attempted.Where(a => !a.Outcome.Success))
        {
            var attempts = delivery.Attempts + 1;
            if (now >= delivery.GiveUpAt)
            {
                failed.Add(new FailedWebhookAttempt(delivery.Id, outcome.StatusCode, outcome.Error, NextAttemptAt: null));
                WebhookLog.GaveUp(logger, delivery.MessageId, delivery.EndpointId, attempts, outcome.Error);
            }
            else
            {
                var next = now + WebhookRetryPolicy.DelayAfter(attempts, options, Random.Shared);
                failed.Add(new FailedWebhookAttempt(delivery.Id, outcome.StatusCode, outcome.Error, next < delivery.GiveUpAt ? next : delivery.GiveUpAt));
            }
        }
        // The endpoint ends as its deliveries did, in order: healthy after a success, failing after a give-up that came later.
        var lastSuccess = attempted.Select((a, i) => a.Outcome.Success ? i : -1).Max();
        await queue.RecordAsync(new WebhookRound(endpoint.TenantId, endpoint.EndpointId, now,
            attempted.Where(a => a.Outcome.Success).Select(a => (a.Delivery.Id, a.Outcome.StatusCode)).ToList(),
            failed,
            EndpointHealthy: lastSuccess >= 0,
            EndpointFailing: attempted.Skip(lastSuccess + 1).Any(a => !a.Outcome.Success && now >= a.Delivery.GiveUpAt)), cancellationToken);
    }

    /// <summary>At most once an hour: log rows of finished deliveries older than <see cref="WebhookOptions.LogRetention"/> go.</summary>
    private async Task PruneLogAsync(CancellationToken cancellationToken)
    {
        if (_prunedAt is { } at && time.GetUtcNow() - at < TimeSpan.FromHours(1))
        {
            return;
        }
        _prunedAt = time.GetUtcNow();
        await queue.PruneAsync(Now() - options.LogRetention, cancellationToken);
    }

    private DateTime Now() => Resolution.Timestamps.Normalize(time.GetUtcNow());
}

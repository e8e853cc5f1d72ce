using Comerix.Crm.Webhooks;

namespace Comerix.Crm.Data.Sql;

/// <summary>A delivery due now and leased to this process, with what sending it needs.</summary>
internal sealed record DueWebhookDelivery(string TenantId, string EndpointId, long Id, string MessageId, string Payload, int Attempts,
    DateTime GiveUpAt, string Url, string ProtectedSecret);

/// <summary>A delivery that failed this round: retried at <paramref name="NextAttemptAt"/>, or given up when that is null.</summary>
internal sealed record FailedWebhookAttempt(long Id, int? StatusCode, string? Error, DateTime? NextAttemptAt);

/// <summary>What one endpoint's round came to, as the worker decided it; written in one transaction.</summary>
internal sealed record WebhookRound(string TenantId, string EndpointId, DateTime At,
    IReadOnlyList<(long Id, int? StatusCode)> Delivered, IReadOnlyList<FailedWebhookAttempt> Failed, bool EndpointHealthy, bool EndpointFailing);

/// <summary>
/// The outbox's SQL, as the delivery worker uses it: claim what is due, record how a round went, prune the log. The
/// worker decides (retry policy, give-ups, the endpoint's state); this writes it, on its own connections, never in an
/// ingestion transaction.
/// </summary>
internal sealed class WebhookDeliveryQueue(CrmDatabase database)
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due deliveries, taking per endpoint and contact only the oldest pending
    /// one (in order per contact), and leases them until <paramref name="now"/> + <paramref name="lease"/>: a process
    /// that dies mid-send leaves them due again.
    /// </summary>
    public async Task<List<DueWebhookDelivery>> ClaimAsync(DateTime now, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claimed = new List<DueWebhookDelivery>();
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
            "ORDER BY d.next_attempt_at, d.id LIMIT @p1" + lockSuffix, now, batchSize, WebhookDeliveryStatus.Pending.ToCode()))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new DueWebhookDelivery(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc), reader.GetString(7), reader.GetString(8)));
            }
        }
        // One statement per endpoint, not one per delivery: on PostgreSQL each statement is a round trip.
        foreach (var endpoint in claimed.GroupBy(c => (c.TenantId, c.EndpointId)))
        {
            await session.ExecuteAsync(
                "UPDATE crm_webhook_deliveries SET next_attempt_at = @p2, attempts = attempts + 1, last_attempt_at = @p3 " +
                $"WHERE tenant_id = @p0 AND endpoint_id = @p1 AND {database.Dialect.InList("id", "@p4")}",
                endpoint.Key.TenantId, endpoint.Key.EndpointId, now + lease, now, database.Dialect.ListArgument(endpoint.Select(c => c.Id).ToList()));
        }
        await session.Transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>
    /// Records an endpoint's round in one transaction rather than one per delivery, and the successes in one
    /// statement per status code: on SQLite each transaction waits its turn at the write lock, which ingestion holds
    /// most of the time; on PostgreSQL each statement is a round trip.
    /// </summary>
    public async Task RecordAsync(WebhookRound round, CancellationToken cancellationToken)
    {
        await using var session = await database.Dialect.OpenSessionAsync(cancellationToken);
        foreach (var byStatus in round.Delivered.GroupBy(d => d.StatusCode))
        {
            await session.ExecuteAsync(
                // The payload goes once it is delivered: the log keeps when and how, not a copy of the person.
                "UPDATE crm_webhook_deliveries SET status = @p2, delivered_at = @p3, next_attempt_at = @p3, last_status_code = @p4, last_error = NULL, payload_json = '' " +
                $"WHERE tenant_id = @p0 AND endpoint_id = @p1 AND {database.Dialect.InList("id", "@p5")}",
                round.TenantId, round.EndpointId, WebhookDeliveryStatus.Delivered.ToCode(), round.At, byStatus.Key,
                database.Dialect.ListArgument(byStatus.Select(d => d.Id).ToList()));
        }
        foreach (var failed in round.Failed)
        {
            if (failed.NextAttemptAt is { } next)
            {
                await session.ExecuteAsync(
                    "UPDATE crm_webhook_deliveries SET next_attempt_at = @p3, last_status_code = @p4, last_error = @p5 WHERE tenant_id = @p0 AND endpoint_id = @p1 AND id = @p2",
                    round.TenantId, round.EndpointId, failed.Id, next, failed.StatusCode, failed.Error);
            }
            else
            {
                await session.ExecuteAsync(
                    "UPDATE crm_webhook_deliveries SET status = @p3, last_status_code = @p4, last_error = @p5 WHERE tenant_id = @p0 AND endpoint_id = @p1 AND id = @p2",
                    round.TenantId, round.EndpointId, failed.Id, WebhookDeliveryStatus.Failed.ToCode(), failed.StatusCode, failed.Error);
            }
        }
        if (round.EndpointHealthy)
        {
            await session.ExecuteAsync(
                "UPDATE crm_webhook_endpoints SET state = @p2, failing_since = NULL, last_success_at = @p3 WHERE tenant_id = @p0 AND id = @p1",
                round.TenantId, round.EndpointId, WebhookEndpointState.Healthy.ToCode(), round.At);
        }
        if (round.EndpointFailing)
        {
            await session.ExecuteAsync(
                "UPDATE crm_webhook_endpoints SET state = @p2, failing_since = COALESCE(failing_since, @p3) WHERE tenant_id = @p0 AND id = @p1",
                round.TenantId, round.EndpointId, WebhookEndpointState.Failing.ToCode(), round.At);
        }
        await session.Transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes the log rows of deliveries that finished (delivered or failed) and were written before <paramref name="before"/>.</summary>
    public async Task PruneAsync(DateTime before, CancellationToken cancellationToken)
    {
        await using var session = await database.Dialect.OpenSessionAsync(cancellationToken);
        await session.ExecuteAsync("DELETE FROM crm_webhook_deliveries WHERE status IN (@p0, @p1) AND created_at < @p2",
            WebhookDeliveryStatus.Delivered.ToCode(), WebhookDeliveryStatus.Failed.ToCode(), before);
        await session.Transaction.CommitAsync(cancellationToken);
    }
}

using Comerix.Crm.Notifications;
using Comerix.Crm.Resolution;
using Comerix.Crm.Webhooks;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Where a change's notifications go. Before commit, inside the change's transaction: one outbox row per
/// (endpoint subscribed to the event type, event), so the change and its deliveries commit together or not at all.
/// After commit: the in-process handlers, and a nudge to the delivery worker. A notification nobody listens to
/// (no handler, no subscribed endpoint) costs nothing: not even the read of the contact it would carry.
/// </summary>
internal sealed class CrmEventOutbox(ICrmNotificationRoutes routes, TimeProvider time)
{
    // Fanned out over the tenant's endpoints by the database: an endpoint deleted since the cache was read gets nothing.
    internal const string InsertDeliveriesSql =
        "INSERT INTO crm_webhook_deliveries (tenant_id, endpoint_id, id, message_id, event_type, contact_id, other_contact_id, " +
        "payload_json, status, attempts, next_attempt_at, give_up_at, created_at) " +
        "SELECT tenant_id, id, @p1, @p2, @p3, CAST(@p4 AS BIGINT), CAST(@p5 AS BIGINT), @p6, @p10, 0, @p7, @p8, @p7 " +
        "FROM crm_webhook_endpoints WHERE tenant_id = @p0 AND event_types LIKE @p9";

    internal const string EnqueueSql =
        "INSERT INTO crm_webhook_deliveries (tenant_id, endpoint_id, id, message_id, event_type, payload_json, status, attempts, " +
        "next_attempt_at, give_up_at, created_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p8, 0, @p6, @p7, @p6)";

    /// <summary>What a commit raised, and whether it wrote deliveries.</summary>
    public sealed record Written(IReadOnlyList<CrmNotification> Notifications, bool Deliveries)
    {
        public static readonly Written None = new([], false);
    }

    public async ValueTask<Written> WriteAsync(SqlSession session, SqlDialect dialect, IIdAllocator ids, string tenantId, IReadOnlyList<CrmNotification> raised)
    {
        if (raised.Count == 0)
        {
            return Written.None;
        }
        var subscribed = await routes.SubscribedEventTypesAsync(tenantId);
        var wanted = raised.Where(n => subscribed.Contains(n.EventType) || routes.HasHandlers(n.GetType())).ToList();
        if (wanted.Count == 0)
        {
            return Written.None;
        }
        var contacts = await ContactSnapshots.ReadAsync(session, dialect, tenantId,
            wanted.Where(n => n.CarriesContact && n.OrderKey is not null).Select(n => n.OrderKey!.Value).Distinct().ToList());
        var now = Timestamps.Normalize(time.GetUtcNow());
        var notifications = new List<CrmNotification>(wanted.Count);
        var deliveries = false;
        foreach (var raw in wanted)
        {
            var notification = raw.CarriesContact && raw.OrderKey is { } id && contacts.TryGetValue(id, out var contact) ? raw with { Contact = contact } : raw;
            notifications.Add(notification);
            if (subscribed.Contains(notification.EventType))
            {
                var message = routes.ToWebhookMessage(notification, now);
                deliveries |= await session.ExecuteAsync(InsertDeliveriesSql,
                    tenantId, await ids.NextAsync(IdSequence.WebhookDelivery), message.MessageId, notification.EventType,
                    notification.OrderKey, notification.OtherContactId, message.PayloadJson,
                    now, message.GiveUpAt, "%," + notification.EventType + ",%", WebhookDeliveryStatus.Pending.ToCode()) > 0;
            }
        }
        return new Written(notifications, deliveries);
    }

    /// <summary>One delivery to one endpoint, about no contact (a test event).</summary>
    public async ValueTask EnqueueAsync(SqlSession session, long id, string tenantId, string endpointId, string eventType, string payloadJson)
    {
        var now = Timestamps.Normalize(time.GetUtcNow());
        var message = routes.ToWebhookMessage(payloadJson, now);
        await session.ExecuteAsync(EnqueueSql,
            tenantId, endpointId, id, message.MessageId, eventType, message.PayloadJson, now, message.GiveUpAt,
            WebhookDeliveryStatus.Pending.ToCode());
    }

    /// <summary>After the commit: handlers run (their failures are logged, never thrown), the worker wakes.</summary>
    public Task AfterCommitAsync(Written written) =>
        written.Notifications.Count > 0 || written.Deliveries ? routes.AfterCommitAsync(written.Notifications, written.Deliveries) : Task.CompletedTask;
}

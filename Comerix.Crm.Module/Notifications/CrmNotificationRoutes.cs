using System.Collections.Frozen;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Webhooks;

namespace Comerix.Crm.Notifications;

/// <summary>
/// The module's answers to the outbox: webhook subscriptions from the endpoints' cache, handlers from the publisher,
/// the Standard Webhooks message (id and body) and its retry window from <see cref="WebhookOptions"/>; after a commit,
/// the delivery worker is woken and the handlers run.
/// </summary>
internal sealed class CrmNotificationRoutes(
    WebhookSubscriptions subscriptions, CrmNotificationPublisher publisher, WebhookDeliverySignal signal, WebhookOptions options) : ICrmNotificationRoutes
{
    public ValueTask<FrozenSet<string>> SubscribedEventTypesAsync(string tenantId) => subscriptions.ForTenantAsync(tenantId);

    public bool HasHandlers(Type notificationType) => publisher.HasHandlers(notificationType);

    public WebhookMessage ToWebhookMessage(CrmNotification notification, DateTime now) =>
        ToWebhookMessage(WebhookPayload.Serialize(notification, now), now);

    public WebhookMessage ToWebhookMessage(string payloadJson, DateTime now) =>
        new(WebhookMessageIds.New(), payloadJson, now + options.RetryFor);

    public async Task AfterCommitAsync(IReadOnlyList<CrmNotification> committed, bool deliveriesWritten)
    {
        if (deliveriesWritten)
        {
            signal.Wake();
        }
        if (committed.Count > 0)
        {
            await publisher.PublishAsync(committed);
        }
    }
}

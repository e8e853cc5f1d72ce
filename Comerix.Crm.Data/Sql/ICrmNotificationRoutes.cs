using System.Collections.Frozen;
using Comerix.Crm.Notifications;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// What the outbox needs to know about a change's notifications that is not SQL: who listens (webhook endpoints by
/// event type, in-process handlers by notification type), what a webhook delivery carries, and what happens once the
/// change committed. The module's webhooks and notifications answer it; <see cref="CrmEventOutbox"/> writes the rows.
/// </summary>
internal interface ICrmNotificationRoutes
{
    /// <summary>The event types some webhook endpoint of the tenant subscribes to; asked at every commit that raised something, so it is cached.</summary>
    ValueTask<FrozenSet<string>> SubscribedEventTypesAsync(string tenantId);

    /// <summary>True when an in-process handler wants this notification type.</summary>
    bool HasHandlers(Type notificationType);

    /// <summary>The webhook message for a notification written at <paramref name="now"/>.</summary>
    WebhookMessage ToWebhookMessage(CrmNotification notification, DateTime now);

    /// <summary>The message for a delivery that names no contact (an endpoint's test event), written at <paramref name="now"/>.</summary>
    WebhookMessage ToWebhookMessage(string payloadJson, DateTime now);

    /// <summary>After the commit: wake the delivery worker when rows were written, hand the notifications to their handlers.</summary>
    Task AfterCommitAsync(IReadOnlyList<CrmNotification> committed, bool deliveriesWritten);
}

/// <summary>One webhook delivery's message: its id (the receiver's idempotency key), body, and when retrying stops.</summary>
internal readonly record struct WebhookMessage(string MessageId, string PayloadJson, DateTime GiveUpAt);

namespace Comerix.Crm.Webhooks;

/// <summary>
/// One event for one endpoint: the outbox row, written in the transaction of the change it reports, then the
/// delivery's log (attempts, last status and error, next try).
/// </summary>
internal sealed class WebhookDelivery
{
    public required string TenantId { get; set; }

    public required string EndpointId { get; set; }

    /// <summary>Allocated in the change's transaction: deliveries of one contact go out in this order.</summary>
    public long Id { get; set; }

    /// <summary>The Standard Webhooks <c>webhook-id</c>: the same on every attempt, so receivers can de-duplicate.</summary>
    public required string MessageId { get; set; }

    public required string EventType { get; set; }

    /// <summary>The contact the event is about (order key); null for events about no one.</summary>
    public long? ContactId { get; set; }

    /// <summary>Another contact the event names (a review's candidate): an erasure of either purges the row.</summary>
    public long? OtherContactId { get; set; }

    public required string PayloadJson { get; set; }

    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;

    public int Attempts { get; set; }

    /// <summary>When the worker may try (again); also the lease of an attempt under way, so a crash mid-send re-sends.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A failure after this gives up (the retry window, 24 hours by default, from when the event was written).</summary>
    public DateTime GiveUpAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    /// <summary>What went wrong, in our words ("HTTP 500", "timed out"): never the receiver's body.</summary>
    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }
}

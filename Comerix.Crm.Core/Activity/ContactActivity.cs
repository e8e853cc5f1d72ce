namespace Comerix.Crm.Activity;

/// <summary>
/// An event as it landed: the idempotency key (<see cref="EventId"/>, unique per tenant) and the row on the
/// contact's timeline. <see cref="ContactId"/> is null only for an event none of whose claims was usable.
/// <see cref="Id"/> grows with arrival, so the primary key (tenant, id) is also the "latest arrivals" order a
/// live feed reads; timelines use (tenant, contact, occurred at).
/// </summary>
public sealed class ContactActivity
{
    public required string TenantId { get; set; }
    public long Id { get; set; }
    public required string EventId { get; set; }
    public long? ContactId { get; set; }
    public required string Type { get; set; }
    public string? Source { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    /// <summary>The record elsewhere this event refers to (e.g. kind "conversation", id "c-123").</summary>
    public string? RecordKind { get; set; }
    public string? RecordId { get; set; }
    public decimal? ConversionValue { get; set; }
    public string? Currency { get; set; }
    public string? PayloadJson { get; set; }
    /// <summary>What the event claimed, hashed (<c>ClaimKeys</c>): read only to undo a merge.</summary>
    public string? ClaimKeys { get; set; }
}

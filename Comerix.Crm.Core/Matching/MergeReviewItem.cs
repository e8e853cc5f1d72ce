namespace Comerix.Crm.Matching;

/// <summary>
/// A pair the engine would not merge alone. The pair is stored in canonical order (low id, high id) with a
/// unique index, so a pair is queued once and a rejected pair is never queued again.
/// </summary>
public sealed class MergeReviewItem
{
    public required string TenantId { get; set; }
    public long Id { get; set; }
    public long ContactLowId { get; set; }
    public long ContactHighId { get; set; }
    /// <summary>The contact the evidence event was attached to.</summary>
    public long PrimaryContactId { get; set; }
    public required string ReasonCode { get; set; }
    public required string Reason { get; set; }
    public required string EvidenceEventId { get; set; }
    public MergeReviewStatus Status { get; set; } = MergeReviewStatus.Pending;
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}

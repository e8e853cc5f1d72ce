namespace Comerix.Crm.Erasure;

/// <summary>
/// One Delete &amp; forget, kept until it is complete. The personal-data erasers run first; each one that succeeds
/// is recorded in <see cref="ErasersDone"/> and never runs again for this request. If one fails the request is
/// <see cref="ErasureStatus.Partial"/>: the contact's own rows stay (they are how its data elsewhere is found)
/// and the request is retried until every eraser has run; then the contact is erased and the request completed.
/// Nothing here is personal: ids, eraser names, counts, an exception's type.
/// </summary>
internal sealed class ErasureRequest
{
    public required string TenantId { get; set; }
    public long ContactId { get; set; }
    public ErasureStatus Status { get; set; } = ErasureStatus.Partial;
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>Names of the erasers that have run, comma-separated.</summary>
    public string ErasersDone { get; set; } = "";
    /// <summary>What each eraser removed, as JSON counts ("conversations": 3).</summary>
    public string CountsJson { get; set; } = "{}";
    /// <summary>Opted in at the request: the person's identifiers go on the suppression list when the contact is erased.</summary>
    public bool Suppress { get; set; }
    /// <summary>The type of the last failure (never its message, which could quote personal data).</summary>
    public string? LastError { get; set; }
}

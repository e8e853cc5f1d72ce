namespace Comerix.Crm.Audit;

/// <summary>
/// One line of the audit log. Details hold non-personal facts only: counts and contact ids. Each entry carries
/// the previous entry's hash and its own (see <see cref="AuditSigner"/>), so a changed, removed, reordered or
/// inserted entry breaks the chain where it happened.
/// </summary>
internal sealed class AuditEntry
{
    public required string TenantId { get; set; }
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? DetailsJson { get; set; }
    /// <summary>The hash of the entry before (empty for the first).</summary>
    public string PreviousHash { get; set; } = "";
    /// <summary>This entry's keyed hash over its fields and <see cref="PreviousHash"/>; empty only for entries written before the log was chained.</summary>
    public string Hash { get; set; } = "";
}

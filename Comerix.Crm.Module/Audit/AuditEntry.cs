namespace Comerix.Crm.Audit;

/// <summary>One line of the audit log. Details hold non-personal facts only: counts and contact ids.</summary>
public sealed class AuditEntry
{
    public required string TenantId { get; set; }
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? DetailsJson { get; set; }
}

namespace Comerix.Crm.Matching.Rules;

/// <summary>A stored identity rule: its definition, where it stands in the order rules run in, and who changed it last.</summary>
internal sealed class IdentityRule
{
    public required string TenantId { get; set; }
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Rules run in ascending position; for a trait two rules both set, the first wins.</summary>
    public int Position { get; set; }
    public bool Enabled { get; set; }
    public required string Trigger { get; set; }
    public string? EventType { get; set; }
    public required string TasksJson { get; set; }
    /// <summary>The rule's conditions and whether all or any must hold, as JSON; null for a rule that always runs.</summary>
    public string? ConditionsJson { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

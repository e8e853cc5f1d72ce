namespace Comerix.Crm.Audit;

/// <summary>
/// The last audit sequence number per tenant. Appends take this row's lock at commit (the last lock a
/// transaction takes, so it can never be part of a deadlock), which keeps the log gap-free and unforked
/// under concurrent writers.
/// </summary>
public sealed class AuditHead
{
    public required string TenantId { get; set; }
    public long LastSequence { get; set; }
}

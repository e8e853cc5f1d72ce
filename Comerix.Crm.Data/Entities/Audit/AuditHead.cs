namespace Comerix.Crm.Audit;

/// <summary>
/// The last audit sequence number and hash per tenant. Appends lock this row at commit (the last lock a
/// transaction takes, so it can never be part of a deadlock), which keeps the log gap-free and unforked
/// under concurrent writers: the next entry always chains to the one the head names.
/// </summary>
internal sealed class AuditHead
{
    public required string TenantId { get; set; }
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = "";
}

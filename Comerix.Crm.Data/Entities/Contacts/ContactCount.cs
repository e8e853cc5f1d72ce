namespace Comerix.Crm.Contacts;

/// <summary>
/// How many live contacts a tenant has of one kind (identified or not, by source). Kept by the unit of work that
/// creates, changes, merges away or erases contacts, in the same transaction, so the Contacts tiles and the list's
/// unfiltered counts add up a few rows instead of counting a million (the only writer of contacts is that unit of work).
/// </summary>
internal sealed class ContactCount
{
    public required string TenantId { get; set; }
    public bool IsIdentified { get; set; }
    public required string Source { get; set; }
    public long Contacts { get; set; }
}

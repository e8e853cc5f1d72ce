namespace Comerix.Crm.Contacts;

/// <summary>
/// An edge from a contact to a record another module owns (a conversation, a form submission).
/// Summary counts read these edges, and merges move them, so counts stay right through merges.
/// </summary>
internal sealed class ContactLink
{
    public required string TenantId { get; set; }
    public required string RecordKind { get; set; }
    public required string RecordId { get; set; }
    public long ContactId { get; set; }
    public DateTime FirstSeen { get; set; }
}

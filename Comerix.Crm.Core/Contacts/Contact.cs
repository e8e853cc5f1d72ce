namespace Comerix.Crm.Contacts;

/// <summary>One person. Email and phone are denormalised from the identity graph for lists and search.</summary>
public sealed class Contact
{
    public required string TenantId { get; set; }
    public long Id { get; set; }
    public ContactState State { get; set; } = ContactState.Live;
    /// <summary>Set on a tombstone: the contact this one was merged into (always a live one; chains are collapsed).</summary>
    public long? MergedIntoId { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public required string Source { get; set; }
    /// <summary>True once an email or phone is known. Stored so the default (Identified) list is an index range.</summary>
    public bool IsIdentified { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
    /// <summary>Free-form descriptive attributes as a JSON object of strings. Never used to match.</summary>
    public string? TraitsJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

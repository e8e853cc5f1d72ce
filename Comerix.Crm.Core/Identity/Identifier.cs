namespace Comerix.Crm.Identity;

/// <summary>
/// A node of the identity graph. The primary key (tenant, type, value) makes "one identifier, one contact"
/// a database invariant; the foreign key to (tenant, contact, state) with state fixed to live makes
/// "identifiers only point at live contacts" one too (a merge must move identifiers before it tombstones).
/// </summary>
public sealed class Identifier
{
    public required string TenantId { get; set; }
    public required string Type { get; set; }
    /// <summary>The normalised match key (lower-cased email, E.164 phone, ...).</summary>
    public required string Value { get; set; }
    /// <summary>The value as first seen, for display.</summary>
    public required string DisplayValue { get; set; }
    public long ContactId { get; set; }
    /// <summary>Always <see cref="Contacts.ContactState.Live"/>: half of the composite foreign key.</summary>
    public Contacts.ContactState ContactState { get; set; } = Contacts.ContactState.Live;
    public bool Verified { get; set; }
    public DateTime FirstSeen { get; set; }
}

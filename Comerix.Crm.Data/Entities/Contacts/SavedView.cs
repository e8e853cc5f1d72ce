namespace Comerix.Crm.Contacts;

/// <summary>
/// A named set of the Contacts list's filters the team shares ("VIP, not seen for 90 days"): a segment that stays
/// current, because it is the filters that are kept, not the people. There is deliberately no search text: a search
/// is often a person's email or name, and a view must never keep a value of someone later forgotten.
/// </summary>
internal sealed class SavedView
{
    public required string TenantId { get; set; }

    /// <summary>The name lower-cased: one view per name, whatever its case.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string Audience { get; set; }
    public string? Source { get; set; }

    /// <summary>A tag's key.</summary>
    public string? Tag { get; set; }

    /// <summary>A <c>SeenWindows</c> value.</summary>
    public string? Seen { get; set; }

    /// <summary>"yes", "no" or null (<c>ContactListQuery.Contactable</c>).</summary>
    public string? Contactable { get; set; }

    /// <summary>A lifecycle stage's key, or "none".</summary>
    public string? Stage { get; set; }

    /// <summary>"me" (whoever opens the view), "none", or a user's sign-in name.</summary>
    public string? Owner { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

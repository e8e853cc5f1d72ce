namespace Comerix.Crm.Contacts;

/// <summary>
/// A label the site's team puts on a contact ("VIP", "Trade fair 2026"). Matched case-insensitively by
/// <see cref="Key"/>; shown as <see cref="Label"/> was first typed. Merges carry tags to the survivor; erasure deletes them.
/// </summary>
internal sealed class ContactTag
{
    public required string TenantId { get; set; }
    public long ContactId { get; set; }

    /// <summary>The label lower-cased: one tag per contact and key.</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

namespace Comerix.Crm.Contacts;

/// <summary>
/// A named set of conditions over contacts ("Customers who bought twice in 90 days and are not owned"), kept as the
/// conditions, not the people: its members are whoever meets them when it is read, computed by the database.
/// Unlike a <see cref="SavedView"/> (the list's fixed filters), a segment's conditions reach profile and custom
/// fields, tags and activity, and combine with "all of" or "any of".
/// </summary>
internal sealed class Segment
{
    public required string TenantId { get; set; }

    /// <summary>Numbered per tenant from 1; what links, exports and the API name.</summary>
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The name lower-cased: one segment per name, whatever its case (a unique index).</summary>
    public required string NameKey { get; set; }

    /// <summary>"all" (every condition holds) or "any" (at least one does).</summary>
    public required string Match { get; set; }

    /// <summary>The conditions, as the module's <c>SegmentCondition</c> records in JSON.</summary>
    public required string ConditionsJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

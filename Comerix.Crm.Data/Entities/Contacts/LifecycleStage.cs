namespace Comerix.Crm.Contacts;

/// <summary>
/// One step of the tenant's lifecycle (Subscriber, Lead, … Customer), in the order the team works them. A contact's
/// stage names its <see cref="Key"/>, so renaming the label keeps every contact at it.
/// </summary>
internal sealed class LifecycleStage
{
    public required string TenantId { get; set; }

    /// <summary>Lower-case letters, digits and underscores, fixed once made: what imports, the API and rules name.</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }

    /// <summary>Where the stage comes in the lifecycle, lowest first.</summary>
    public int Position { get; set; }
}

namespace Comerix.Crm.Erasure;

/// <summary>
/// "Never again": a keyed hash of one identifier of a forgotten person (never the value). An event carrying an
/// identifier on this list is not stored at all, so the person is not re-created. Opt-in, per erasure.
/// </summary>
internal sealed class Suppression
{
    public required string TenantId { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
}

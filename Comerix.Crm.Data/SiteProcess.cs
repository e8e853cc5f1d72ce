namespace Comerix.Crm.Data;

/// <summary>
/// A site process serving this database, and when it last said it was alive (<see cref="CrmSiteProcesses"/>): how many
/// processes share the work, so each enforces its share of a limit without asking the others.
/// </summary>
internal sealed class SiteProcess
{
    public required string Id { get; set; }
    public required string Machine { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime SeenAt { get; set; }
}

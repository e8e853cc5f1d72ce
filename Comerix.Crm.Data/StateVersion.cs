namespace Comerix.Crm.Data;

/// <summary>
/// When a piece of state that servers keep in memory (a tenant's identity rules, its suppression list, the host's
/// tenants and role grants) last changed: the value of a database-wide counter at that change. Written only by
/// triggers on the tables holding that state (<see cref="StateVersionTriggers"/>), read by <see cref="CrmStateVersions"/>.
/// The row with an empty tenant and state is the counter itself.
/// </summary>
internal sealed class StateVersion
{
    public required string TenantId { get; set; }
    public required string State { get; set; }
    public long Version { get; set; }
}

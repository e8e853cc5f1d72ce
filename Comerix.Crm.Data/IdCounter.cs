namespace Comerix.Crm.Data;

/// <summary>SQLite only: the next id to hand out per tenant and sequence name (see <see cref="Sql.CounterTableIdAllocator"/>).</summary>
internal sealed class IdCounter
{
    public required string TenantId { get; set; }
    public required string Name { get; set; }
    public long NextValue { get; set; }
}

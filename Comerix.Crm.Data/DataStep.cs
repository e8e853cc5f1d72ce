namespace Comerix.Crm.Data;

/// <summary>
/// A one-time data step (a re-key, a backfill) that has run for a tenant: recorded when it completes, so
/// start-up runs it once per tenant. Steps are idempotent as well, so a crash before the record only repeats work.
/// </summary>
internal sealed class DataStep
{
    public required string TenantId { get; set; }
    public required string Step { get; set; }
    public DateTime CompletedAt { get; set; }
}

using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Tenancy;

namespace Comerix.Crm.Ingestion;

internal sealed class CrmEventSink(IdentityEngine engine, ICrmTenantAccessor tenant) : ICrmEventSink
{
    public Task<IngestResult> SendAsync(CrmEvent evt, CancellationToken cancellationToken = default) =>
        engine.IngestAsync(tenant.CurrentTenantId, evt, cancellationToken);

    public Task<IReadOnlyList<IngestResult>> SendBatchAsync(IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken = default) =>
        engine.IngestBatchAsync(tenant.CurrentTenantId, events, cancellationToken);
}

using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Tenancy;

namespace Comerix.Crm.Ingestion;

/// <summary>
/// The one way events come in (in-process modules and the HTTP APIs alike): the tenant's identity rules add
/// what each event says about the person, the result is validated (so a bad request fails alone), and the
/// group-commit writer ingests it with whatever else is arriving.
/// </summary>
internal sealed class CrmEventSink(GroupCommitWriter writer, ICrmTenantAccessor tenant, IdentityRuleCache rules) : ICrmEventSink
{
    public async Task<IngestResult> SendAsync(CrmEvent evt, CancellationToken cancellationToken = default) =>
        (await SendBatchAsync([evt], cancellationToken))[0];

    public async Task<IReadOnlyList<IngestResult>> SendBatchAsync(IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var tenantId = tenant.CurrentTenantId;
        using var activity = CrmTelemetry.Start(CrmTelemetry.IngestActivity, tenantId);
        activity?.SetTag(CrmTelemetry.EventsTag, events.Count);
        try
        {
            return await IngestAsync(tenantId, events, cancellationToken);
        }
        catch (Exception ex)
        {
            CrmTelemetry.Failed(activity, ex);
            throw;
        }
    }

    private async Task<IReadOnlyList<IngestResult>> IngestAsync(string tenantId, IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken)
    {
        var ruleSet = await rules.GetAsync(tenantId, cancellationToken);
        // A null event is left for validation to name.
        var applied = ruleSet.Count == 0 ? events : events.Select(e => e is null ? e! : ruleSet.Apply(e).Event).ToList();
        var errors = CrmEventValidator.ValidateBatch(applied);
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
        return await writer.IngestAsync(tenantId, applied, cancellationToken);
    }
}

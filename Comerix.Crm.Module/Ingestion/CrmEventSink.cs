using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Ingestion;

/// <summary>
/// The one way events come in (in-process modules and the HTTP APIs alike): the tenant's identity rules add
/// what each event says about the person, the result is validated (so a bad request fails alone), and the
/// group-commit writer ingests it with whatever else is arriving.
/// </summary>
/// <remarks>A rule's "set lifecycle stage" acts once the events are stored and their contacts known.</remarks>
internal sealed class CrmEventSink(GroupCommitWriter writer, ICrmTenantAccessor tenant, IdentityRuleCache rules, IServiceProvider services) : ICrmEventSink
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
        var applications = ruleSet.Count == 0 ? null : events.Select(e => e is null ? null : ruleSet.Apply(e)).ToList();
        var applied = applications is null ? events : applications.Select((a, i) => a?.Event ?? events[i]).ToList();
        var errors = CrmEventValidator.ValidateBatch(applied);
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
        var results = await writer.IngestAsync(tenantId, applied, cancellationToken);
        var moves = applications is null ? [] : applications.Zip(results)
            .Where(p => p.First?.Stage is not null && p.Second.ContactId is not null)
            .Select(p => (p.Second.ContactId!.Value, p.First!.Stage!)).ToList();
        if (moves.Count > 0)
        {
            await services.GetRequiredService<Contacts.Work.RuleStageMover>().MoveAsync(tenantId, moves, cancellationToken);
        }
        return results;
    }
}

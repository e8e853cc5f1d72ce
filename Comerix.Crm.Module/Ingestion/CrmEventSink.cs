using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Ingestion;

/// <summary>
/// The one way events come in (in-process modules and the HTTP APIs alike): the tenant's identity rules add
/// what each event says about the person, the result is validated (so a bad request fails alone), and the
/// group-commit writer ingests it with whatever else is arriving.
/// </summary>
/// <remarks>
/// Contact field values (<see cref="Contacts.Fields.EventFieldValues"/>) and a rule's "set lifecycle stage" are set
/// once the events are stored and their contacts known.
/// </remarks>
internal sealed class CrmEventSink(
    GroupCommitWriter writer, ICrmTenantAccessor tenant, IdentityRuleCache rules, Contacts.Fields.CustomFieldCache fieldCache, IServiceProvider services)
    : ICrmEventSink
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
        var errors = CrmEventValidator.ValidateBatch(applied).ToList();
        var (stored, fieldValues) = await TakeFieldValuesAsync(tenantId, applied, errors, cancellationToken);
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
        var results = await writer.IngestAsync(tenantId, stored, cancellationToken);
        await SetFieldValuesAsync(tenantId, results, fieldValues, cancellationToken);
        var moves = applications is null ? [] : applications.Zip(results)
            .Where(p => p.First?.Stage is not null && p.Second.ContactId is not null)
            .Select(p => (p.Second.ContactId!.Value, p.First!.Stage!)).ToList();
        if (moves.Count > 0)
        {
            await services.GetRequiredService<RuleStageMover>().MoveAsync(tenantId, moves, cancellationToken);
        }
        return results;
    }

    /// <summary>Each event's contact field values, checked against the site's fields (a problem is added to the batch's errors).</summary>
    private async Task<(IReadOnlyList<CrmEvent> Events, List<(string Key, string Value)>[] Values)> TakeFieldValuesAsync(
        string tenantId, IReadOnlyList<CrmEvent> events, List<string> errors, CancellationToken cancellationToken)
    {
        var values = new List<(string Key, string Value)>[events.Count];
        if (!events.Any(e => e is not null && (e.Fields is { Count: > 0 } || e.Traits is { Count: > 0 })))
        {
            return (events, values);
        }
        var fields = await fieldCache.GetAsync(tenantId, cancellationToken);
        var taken = events.ToList();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null)
            {
                continue;
            }
            var problems = new List<string>();
            (taken[i], values[i]) = Contacts.Fields.EventFieldValues.Take(events[i], fields, problems);
            errors.AddRange(problems.Select(p => events.Count == 1 ? p : $"events[{i}]: {p}"));
        }
        return (taken, values);
    }

    /// <summary>Sets the values on the contacts the events resolved to (a retried event's are not set again).</summary>
    private async Task SetFieldValuesAsync(string tenantId, IReadOnlyList<IngestResult> results, List<(string Key, string Value)>[] values,
        CancellationToken cancellationToken)
    {
        // A later event's value for the same person and field wins, as it would arriving after.
        var sets = results.Select((result, i) => (result, i))
            .Where(x => x.result.ContactId is not null && x.result.Outcome != IngestOutcome.Duplicate && values[x.i] is { Count: > 0 })
            .SelectMany(x => values[x.i].Select(v => (ContactId: x.result.ContactId!.Value, v.Key, v.Value)))
            .GroupBy(v => (v.ContactId, v.Key)).Select(g => g.Last()).ToList();
        if (sets.Count > 0)
        {
            await services.GetRequiredService<Contacts.Fields.ContactFieldEditor>().SetManyAsync(tenantId, sets, "events", cancellationToken);
        }
    }
}

using Comerix.Crm.Data.Sql;

namespace Comerix.Crm.Contacts.Work;

/// <summary>
/// Moves contacts to a lifecycle stage (or out of any): from the profile, in bulk, by an import or a rule. Each
/// contact that moves gets a timeline row "Stage: Lead → Customer" naming who moved it.
/// </summary>
internal sealed class ContactStageSetter(LifecycleStages stages, ContactWorkChanges changes, Audit.AuditLog audit)
{
    /// <param name="named">The stage's key or label; "none" (or nothing) clears the stage.</param>
    /// <param name="chosenBy">How the contacts were chosen, for the one audit entry; null when the caller audits itself (an import).</param>
    public async Task<StageSetResult> SetAsync(string tenantId, IReadOnlyCollection<long> contactIds, string? named, string actor, object? chosenBy,
        CancellationToken cancellationToken = default)
    {
        var all = await stages.ListAsync(tenantId, cancellationToken);
        StageChoice? stage = null;
        if (!IsClear(named) && (stage = LifecycleStages.Find(all, named)) is null)
        {
            return new StageSetResult(null, null, $"There is no stage \u201C{named!.Trim()}\u201D. Stages: {string.Join(", ", all.Select(s => s.Label))}.");
        }
        var result = await changes.SetAsync(tenantId, contactIds, ContactWorkColumn.Stage, stage?.Key, before => new
        {
            from = before,
            fromLabel = all.FirstOrDefault(s => s.Key == before)?.Label ?? before,
            to = stage?.Key,
            toLabel = stage?.Label,
            by = actor,
        }, cancellationToken);
        if (result.Changed > 0 && chosenBy is not null)
        {
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.StageSet, new { contacts = result.Changed, stage = stage?.Key, chosenBy }, cancellationToken);
        }
        return new StageSetResult(stage, result, null);
    }

    /// <summary>Whether what was chosen is "no stage".</summary>
    public static bool IsClear(string? named) => string.IsNullOrWhiteSpace(named) || named.Trim().Equals(NoStage, StringComparison.OrdinalIgnoreCase);

    /// <summary>What a form, a file or the API gives for "no stage" (no stage can have it as its key).</summary>
    public const string NoStage = "none";
}

/// <param name="Stage">The stage set; null when the stage was cleared (or on a problem).</param>
internal sealed record StageSetResult(StageChoice? Stage, WorkChangeResult? Result, string? Problem);

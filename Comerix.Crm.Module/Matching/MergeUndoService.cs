using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Audit;
using Comerix.Crm.Identity.Admin;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Matching;

/// <summary>
/// Undo a merge (issue 20): what the page shows before, and the undo itself with its timeline rows on both contacts
/// and its audit entry, in one transaction.
/// </summary>
internal sealed class MergeUndoService(AdminTransactions transactions, IdentityResolutionOptions options)
{
    /// <summary>The merge as it stands; null when no merge has this id in the tenant.</summary>
    public Task<MergeHistoryFacts?> ReadAsync(string tenantId, long mergeId, CancellationToken cancellationToken) =>
        transactions.RunAsync(tenantId, async uow => await uow.ReadMergeAsync(mergeId), cancellationToken);

    /// <summary>Null when the merge can be undone now; otherwise why not, in words.</summary>
    public string? WhyNot(MergeHistoryFacts merge) => MergeUndoRules.WhyNot(merge, transactions.Now());

    /// <exception cref="CrmValidationException">No such merge, or it cannot be undone (the message says why).</exception>
    public Task<UnmergeResult> UndoAsync(string tenantId, long mergeId, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return transactions.RunAsync(tenantId, async uow =>
        {
            var merge = await uow.ReadMergeAsync(mergeId) ?? throw new CrmValidationException([$"merge {mergeId} does not exist"]);
            if (merge.SurvivorNowId == merge.SurvivorId)
            {
                // Lock the survivor, then look again: what is checked is what the undo finds.
                await uow.LoadLiveContactAsync(merge.SurvivorId);
                merge = await uow.ReadMergeAsync(mergeId) ?? throw new CrmValidationException([$"merge {mergeId} does not exist"]);
            }
            var now = transactions.Now();
            if (MergeUndoRules.WhyNot(merge, now) is { } why)
            {
                throw new CrmValidationException([why]);
            }
            var result = await uow.UndoMergeAsync(merge, actor, options.PriorityOf);
            var words = JsonSerializer.Serialize(new
            {
                mergeId, survivorId = result.SurvivorId, restoredId = result.RestoredId, by = actor,
                identifiersBack = result.IdentifiersBack, activitiesBack = result.ActivitiesBack,
                laterEventsToRestored = result.LaterEventsToRestored, laterEventsUnplaced = result.LaterEventsUnplaced,
            });
            var row = Guid.CreateVersion7().ToString("N");
            foreach (var (contactId, side) in new[] { (result.SurvivorId, "s"), (result.RestoredId, "r") })
            {
                await uow.InsertActivityAsync(new ActivityDraft(
                    $"unmerge:{row}:{side}", contactId, ActivityTypes.Unmerge, null, now, now, null, null, null, null, words));
            }
            await uow.Audit.AppendAsync(actor, AuditActions.ContactUnmerged, words);
            return result;
        }, cancellationToken);
    }
}

using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;

namespace Comerix.Crm.Resolution;

/// <summary>Folds one contact into another inside a unit of work: graph, timeline, links, profile, timeline entry, audit.</summary>
internal static class ContactMerger
{
    /// <param name="ReviewId">The merge review item this merge approves: the audit log names it, as an approved review.</param>
    public sealed record MergeContext(string Actor, bool Automatic, string Reason, string? EvidenceEventId, DateTime At, long? ReviewId = null);

    private static readonly JsonSerializerOptions AuditJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="MergeId">The merge's id (its timeline row): the audit log's "Undo" goes by it.</param>
    private sealed record MergeFacts(
        long? ReviewId, long SurvivorId, long MergedId, bool Automatic, int IdentifiersMoved, int ActivitiesMoved, int LinksMoved, long MergeId);

    /// <returns>What moved from the loser to the survivor (for the log, written once the transaction commits).</returns>
    public static async ValueTask<MoveCounts> MergeAsync(IIdentityUnitOfWork uow, Contact loser, Contact survivor, MergeContext context)
    {
        // Inside the transaction, so a merge retried after a conflict shows as two activities, the first one failed.
        using var activity = CrmTelemetry.Start(CrmTelemetry.MergeActivity, uow.TenantId);
        activity?.SetTag(CrmTelemetry.AutomaticTag, context.Automatic);
        var mergeId = await uow.NextActivityIdAsync();
        var history = new MergeHistoryDraft(mergeId, KindOf(context), context.Actor, context.Reason, context.EvidenceEventId, context.At,
            SurvivorBefore.Of(survivor).ToJson());
        ContactProfile.AbsorbLoser(survivor, loser, context.At);
        var moved = await uow.MoveContactAsync(loser.Id, survivor.Id, history);
        activity?.SetTag(CrmTelemetry.IdentifiersMovedTag, moved.Identifiers);
        activity?.SetTag(CrmTelemetry.ActivitiesMovedTag, moved.Activities);
        uow.MarkChanged(survivor);

        var details = JsonSerializer.Serialize(
            new MergeFacts(context.ReviewId, survivor.Id, loser.Id, context.Automatic, moved.Identifiers, moved.Activities, moved.Links, mergeId),
            AuditJson);
        await uow.InsertActivityAsync(new ActivityDraft(
            EventId: "merge:" + Guid.CreateVersion7().ToString("N"),
            ContactId: survivor.Id,
            Type: ActivityTypes.Merge,
            Source: null,
            OccurredAt: context.At,
            ReceivedAt: context.At,
            RecordKind: null,
            RecordId: null,
            ConversionValue: null,
            Currency: null,
            PayloadJson: JsonSerializer.Serialize(new
            {
                mergedContactId = loser.Id,
                automatic = context.Automatic,
                by = context.Automatic ? null : context.Actor,
                reason = context.Reason,
                evidenceEventId = context.EvidenceEventId,
                identifiersMoved = moved.Identifiers,
                activitiesMoved = moved.Activities,
            }),
            Id: mergeId));
        await uow.Audit.AppendAsync(context.Actor, context.ReviewId is null ? AuditActions.ContactMerged : AuditActions.ReviewApproved, details);
        return moved;
    }

    /// <summary>How the merge was decided, as the log names it.</summary>
    public static string KindOf(MergeContext context) =>
        context.ReviewId is not null ? "review" : context.Automatic ? "automatic" : "manual";
}

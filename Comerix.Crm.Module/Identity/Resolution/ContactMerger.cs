using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;

namespace Comerix.Crm.Identity.Resolution;

/// <summary>Folds one contact into another inside a unit of work: graph, timeline, links, profile, timeline entry, audit.</summary>
internal static class ContactMerger
{
    public sealed record MergeContext(string Actor, bool Automatic, string Reason, string? EvidenceEventId, DateTime At);

    public static async ValueTask MergeAsync(IIdentityUnitOfWork uow, Contact loser, Contact survivor, MergeContext context)
    {
        ContactProfile.AbsorbLoser(survivor, loser, context.At);
        var moved = await uow.MoveContactAsync(loser.Id, survivor.Id, context.Actor);
        uow.MarkChanged(survivor);

        var details = JsonSerializer.Serialize(new
        {
            survivorId = survivor.Id,
            mergedId = loser.Id,
            automatic = context.Automatic,
            identifiersMoved = moved.Identifiers,
            activitiesMoved = moved.Activities,
            linksMoved = moved.Links,
        });
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
            })));
        await uow.AppendAuditAsync(context.Actor, AuditActions.ContactMerged, details);
    }
}

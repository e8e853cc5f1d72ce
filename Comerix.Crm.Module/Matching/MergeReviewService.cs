using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Matching;

/// <summary>Settles merge-review items: approve merges the pair, reject remembers the decision for good.</summary>
public sealed class MergeReviewService(IdentityEngine engine)
{
    public Task<ReviewDecisionResult> ApproveAsync(string tenantId, long reviewId, string actor, CancellationToken cancellationToken = default) =>
        DecideAsync(tenantId, reviewId, actor, approve: true, cancellationToken);

    public Task<ReviewDecisionResult> RejectAsync(string tenantId, long reviewId, string actor, CancellationToken cancellationToken = default) =>
        DecideAsync(tenantId, reviewId, actor, approve: false, cancellationToken);

    private Task<ReviewDecisionResult> DecideAsync(string tenantId, long reviewId, string actor, bool approve, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return engine.RunAsync(tenantId, async uow =>
        {
            var review = await uow.LoadReviewAsync(reviewId)
                ?? throw new CrmValidationException([$"review item {reviewId} does not exist"]);
            if (review.Status != MergeReviewStatuses.Pending)
            {
                return new ReviewDecisionResult(review.Status, SurvivorId: null, AlreadyDecided: true);
            }
            var now = engine.Now();
            if (!approve)
            {
                await uow.DecideReviewAsync(reviewId, MergeReviewStatuses.Rejected, actor, now);
                await uow.AppendAuditAsync(actor, AuditActions.ReviewRejected,
                    JsonSerializer.Serialize(new { reviewId, contactIds = new[] { review.ContactLowId, review.ContactHighId } }));
                return new ReviewDecisionResult(MergeReviewStatuses.Rejected, null, AlreadyDecided: false);
            }

            // The pair may have changed since it was queued (merged elsewhere, or erased): settle what is left of it.
            var a = await uow.ResolveLiveContactIdAsync(review.ContactLowId);
            var b = await uow.ResolveLiveContactIdAsync(review.ContactHighId);
            if (a is null || b is null)
            {
                throw new CrmValidationException(["one of the contacts in this review item no longer exists; reject it instead"]);
            }
            var survivorId = a.Value;
            if (a != b)
            {
                var contacts = new[] { await uow.LoadLiveContactAsync(a.Value), await uow.LoadLiveContactAsync(b.Value) };
                var survivor = MergePolicy.PickSurvivor(contacts);
                var loser = contacts.Single(c => c.Id != survivor.Id);
                await ContactMerger.MergeAsync(uow, loser, survivor,
                    new ContactMerger.MergeContext(actor, Automatic: false, "Approved in merge review.", review.EvidenceEventId, now, reviewId));
                survivorId = survivor.Id;
            }
            else
            {
                // Merged meanwhile by other means: the decision is still someone's, and the log says so.
                await uow.AppendAuditAsync(actor, AuditActions.ReviewApproved,
                    JsonSerializer.Serialize(new { reviewId, survivorId, alreadyMerged = true }));
            }
            await uow.DecideReviewAsync(reviewId, MergeReviewStatuses.Approved, actor, now);
            return new ReviewDecisionResult(MergeReviewStatuses.Approved, survivorId, AlreadyDecided: false);
        }, cancellationToken);
    }
}

public sealed record ReviewDecisionResult(string Status, long? SurvivorId, bool AlreadyDecided);

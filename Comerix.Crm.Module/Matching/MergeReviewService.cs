using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Identity.Admin;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Matching;

/// <summary>Settles merge-review items: approve merges the pair, reject remembers the decision for good.</summary>
internal sealed class MergeReviewService(AdminTransactions transactions)
{
    /// <param name="survivorId">
    /// The contact the reviewer chose to keep: one of the pair as it stands now (each side followed to its survivor).
    /// Null lets the merge policy choose, as an automatic merge would.
    /// </param>
    /// <exception cref="CrmValidationException">The pair lost a contact, or the choice is not one of the pair.</exception>
    /// <exception cref="ReviewChoiceOutdatedException">The chosen contact was merged into the other side meanwhile.</exception>
    public Task<ReviewDecisionResult> ApproveAsync(
        string tenantId, long reviewId, string actor, long? survivorId = null, CancellationToken cancellationToken = default) =>
        DecideAsync(tenantId, reviewId, actor, approve: true, survivorId, cancellationToken);

    public Task<ReviewDecisionResult> RejectAsync(string tenantId, long reviewId, string actor, CancellationToken cancellationToken = default) =>
        DecideAsync(tenantId, reviewId, actor, approve: false, chosenId: null, cancellationToken);

    private Task<ReviewDecisionResult> DecideAsync(
        string tenantId, long reviewId, string actor, bool approve, long? chosenId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return transactions.RunAsync(tenantId, async (uow, journal) =>
        {
            var review = await uow.LoadReviewAsync(reviewId)
                ?? throw new CrmValidationException([$"review item {reviewId} does not exist"]);
            if (review.Status != MergeReviewStatus.Pending)
            {
                return new ReviewDecisionResult(review.Status, SurvivorId: null, AlreadyDecided: true);
            }
            var now = transactions.Now();
            if (!approve)
            {
                await uow.DecideReviewAsync(reviewId, MergeReviewStatus.Rejected, actor, now);
                await uow.Audit.AppendAsync(actor, AuditActions.ReviewRejected,
                    JsonSerializer.Serialize(new { reviewId, contactIds = new[] { review.ContactLowId, review.ContactHighId } }));
                return new ReviewDecisionResult(MergeReviewStatus.Rejected, null, AlreadyDecided: false);
            }

            // The pair may have changed since it was queued (merged elsewhere, or erased): settle what is left of it.
            var a = await uow.ResolveLiveContactIdAsync(review.ContactLowId);
            var b = await uow.ResolveLiveContactIdAsync(review.ContactHighId);
            if (a is null || b is null)
            {
                throw new CrmValidationException(["one of the contacts in this review item no longer exists; reject it instead"]);
            }
            if (chosenId is { } chosen)
            {
                await CheckChoiceAsync(uow, review, chosen, a.Value, b.Value);
            }
            var survivorId = a.Value;
            if (a != b)
            {
                var contacts = new[] { await uow.LoadLiveContactAsync(a.Value), await uow.LoadLiveContactAsync(b.Value) };
                var survivor = chosenId is { } keep ? contacts.Single(c => c.Id == keep) : MergePolicy.PickSurvivor(contacts);
                var loser = contacts.Single(c => c.Id != survivor.Id);
                var context = new ContactMerger.MergeContext(actor, Automatic: false, "Approved in merge review.", review.EvidenceEventId, now, reviewId);
                var moved = await ContactMerger.MergeAsync(uow, loser, survivor, context);
                journal.Merges.Add(new MergeRecord(survivor.Id, loser.Id, ContactMerger.KindOf(context), moved));
                survivorId = survivor.Id;
            }
            else
            {
                // Merged meanwhile by other means: the decision is still someone's, and the log says so.
                await uow.Audit.AppendAsync(actor, AuditActions.ReviewApproved,
                    JsonSerializer.Serialize(new { reviewId, survivorId, alreadyMerged = true }));
            }
            await uow.DecideReviewAsync(reviewId, MergeReviewStatus.Approved, actor, now);
            return new ReviewDecisionResult(MergeReviewStatus.Approved, survivorId, AlreadyDecided: false);
        }, cancellationToken);
    }

    /// <summary>
    /// The survivor must be one of this pair as it stands now: a forged id, or another person's, never decides a merge.
    /// A side merged into the other meanwhile leaves nothing to choose between, so any choice naming the pair stands.
    /// </summary>
    private static async Task CheckChoiceAsync(IIdentityUnitOfWork uow, MergeReviewItem review, long chosen, long a, long b)
    {
        if (chosen == a || chosen == b)
        {
            return;
        }
        var now = await uow.ResolveLiveContactIdAsync(chosen);
        var ofThisPair = chosen == review.ContactLowId || chosen == review.ContactHighId;
        if (now is { } live && (live == a || live == b))
        {
            if (a == b)
            {
                return;
            }
            throw new ReviewChoiceOutdatedException(chosen, live);
        }
        throw new CrmValidationException([ofThisPair
            ? $"contact #{chosen} no longer exists; reject this pair instead"
            : $"contact #{chosen} is not one of this pair (#{a} and #{b}); choose one of them"]);
    }
}

internal sealed record ReviewDecisionResult(MergeReviewStatus Status, long? SurvivorId, bool AlreadyDecided);

/// <summary>The contact chosen to survive was merged into the other side of the pair after the page showed it.</summary>
internal sealed class ReviewChoiceOutdatedException(long chosenId, long nowId)
    : InvalidOperationException($"Contact #{chosenId} was merged into #{nowId} meanwhile; look at the pair again before approving.")
{
    public long ChosenId { get; } = chosenId;
    public long NowId { get; } = nowId;
}

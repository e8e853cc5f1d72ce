using Comerix.Crm.Matching;
using Comerix.Crm.Notifications;

namespace Comerix.Crm.Resolution;

/// <summary>
/// One transaction over one tenant's graph for what people do in the admin and through the privacy API: review
/// decisions, erasure, lifting "do not contact", profile edits, re-keying. Everything resolution can do (a decision
/// may merge; a lift ingests the note that explains it), and the writes the engine itself never makes.
/// </summary>
internal interface IAdminUnitOfWork : IIdentityUnitOfWork
{
    /// <summary>
    /// Deletes a stored identifier now, inside the transaction (one added by this unit of work is not affected).
    /// For re-keying: the contact keeps its history; the new key arrives through an event.
    /// </summary>
    ValueTask RemoveIdentifierAsync(string type, string value);

    /// <summary>
    /// Deletes a live contact (locking it first) with its identifiers, activities, links, the review items that
    /// name it and the tombstones merged into it. Run it in a unit of work that writes nothing else.
    /// </summary>
    ValueTask<ErasedRows> EraseContactAsync(long contactId);

    /// <summary>Removes the contact's do-not-contact mark; false when it had none.</summary>
    ValueTask<bool> LiftDoNotContactAsync(long contactId);

    /// <summary>A merge's record as it stands, with the two contacts; null when no merge has this id (or its record is gone).</summary>
    ValueTask<MergeHistoryFacts?> ReadMergeAsync(long mergeId);

    /// <summary>
    /// Undoes a merge <see cref="MergeUndoRules.WhyNot"/> allows (the caller checked, inside this unit of work): the
    /// loser is live again with what it brought, later events are resolved again (<see cref="UnmergePlan"/>), the pair
    /// is remembered as not the same person, and <c>contact.unmerged</c> is raised.
    /// </summary>
    ValueTask<UnmergeResult> UndoMergeAsync(MergeHistoryFacts merge, string actor, Func<string, int> priorityOf);

    /// <summary>The review item, locked until the unit of work ends; null when it does not exist.</summary>
    ValueTask<MergeReviewItem?> LoadReviewAsync(long reviewId);

    ValueTask DecideReviewAsync(long reviewId, MergeReviewStatus status, string actor, DateTime at);

    /// <summary>
    /// Raises a notification with this unit of work: written to the webhook outbox in its transaction, handed to
    /// in-process handlers after it commits, dropped if it rolls back. (Creations, merges, profile changes, reviews,
    /// lifts and erasures the unit of work raises itself.)
    /// </summary>
    void Raise(CrmNotification notification);
}

/// <summary>Opens admin units of work; the SQL store that serves the engine serves these too, over the same tables.</summary>
internal interface IAdminStore : IUnitOfWorkSource<IAdminUnitOfWork>;

internal sealed record ErasedRows(int Identifiers, int Activities, int Links, int MergedAway, int Reviews);

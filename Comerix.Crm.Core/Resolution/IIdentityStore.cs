using Comerix.Crm.Contacts;
using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Resolution;

/// <summary>
/// Opens units of work of one kind over a tenant's graph. The resolution store (<see cref="IIdentityStore"/>) is the
/// one the engine uses; the module's admin store opens a wider unit of work over the same transactions.
/// </summary>
public interface IUnitOfWorkSource<TUnit> where TUnit : IIdentityUnitOfWork
{
    /// <summary>
    /// Opens a transaction that, once its first write is made, no concurrent writer can interleave with.
    /// <paramref name="cancellationToken"/> reaches every statement the unit of work sends (not its commit).
    /// </summary>
    Task<TUnit> BeginAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="exception"/> means "lost a race": roll back and run the whole unit again.</summary>
    bool IsConflict(Exception exception);
}

/// <summary>
/// Where the identity graph lives, as the engine sees it: the resolution port. Its contract (unique identifier keys,
/// one activity per event id, merges that move identifiers and activities, conflicts that make the caller retry) is
/// defined by the engine's tests, run against both the SQL store and the in-memory one.
/// </summary>
public interface IIdentityStore : IUnitOfWorkSource<IIdentityUnitOfWork>;

/// <summary>Appends to the tenant's numbered, chained audit log.</summary>
public interface IAuditWriter
{
    /// <summary>Adds an entry, numbered and written when the unit of work commits (and only if it does). Details are never personal values.</summary>
    ValueTask AppendAsync(string actor, string action, string detailsJson);
}

/// <summary>
/// One transaction over one tenant's graph, as resolution needs it. Reads within it see its own writes; contacts it
/// loads are locked against concurrent writers until it ends.
/// </summary>
public interface IIdentityUnitOfWork : IAsyncDisposable
{
    string TenantId { get; }

    /// <summary>The audit log, written in this unit of work's transaction.</summary>
    IAuditWriter Audit { get; }

    /// <summary>
    /// Announces what a batch will look up, so the store may read it in bulk and lock the contacts involved
    /// in a stable order. Purely an optimisation: lookups not announced still work.
    /// </summary>
    ValueTask PrepareAsync(IReadOnlyCollection<string> eventIds, IReadOnlyCollection<(string Type, string Value)> identifiers);

    /// <summary>
    /// The tenant's version of <paramref name="state"/> in <c>crm_state_versions</c> as this transaction reads it now
    /// (one primary-key lookup); 0 while that state never changed.
    /// </summary>
    ValueTask<long> ReadStateVersionAsync(string state);

    /// <summary>The tenant's suppression list (keyed hashes) as this transaction reads it now.</summary>
    ValueTask<IReadOnlyList<string>> ReadSuppressionHashesAsync();

    /// <summary>The stored event with this id, or null when it has not been seen.</summary>
    ValueTask<StoredEvent?> FindEventAsync(string eventId);

    ValueTask<IdentifierHit?> FindIdentifierAsync(string type, string value);

    /// <summary>The live contact that <paramref name="contactId"/> is or was merged into; null when none exists.</summary>
    ValueTask<long?> ResolveLiveContactIdAsync(long contactId);

    /// <summary>Loads and locks a live contact. Throws <see cref="ConcurrentChangeException"/> when it is no longer live.</summary>
    ValueTask<Contact> LoadLiveContactAsync(long contactId);

    ValueTask<Contact> CreateContactAsync(string source, DateTime seenAt);

    /// <summary>
    /// Identifier counts per type for a contact, including identifiers added in this unit of work. The returned
    /// dictionary follows later additions; after a merge, ask again (the counts of both contacts are re-read).
    /// </summary>
    ValueTask<IReadOnlyDictionary<string, int>> GetIdentifierCountsAsync(long contactId);

    ValueTask AddIdentifierAsync(long contactId, NormalizedClaim claim, DateTime firstSeen);

    ValueTask MarkIdentifierVerifiedAsync(string type, string value);

    /// <summary>Schedules the contact's profile fields, times and traits to be written before commit.</summary>
    void MarkChanged(Contact contact);

    /// <summary>
    /// Moves identifiers, activities and links from loser to survivor and turns the loser into a tombstone; records what
    /// moved (and the survivor's own identifiers) under <see cref="MergeHistoryDraft.MergeId"/>, so the merge can be undone.
    /// </summary>
    ValueTask<MoveCounts> MoveContactAsync(long loserId, long survivorId, MergeHistoryDraft history);

    /// <summary>An activity id, for a row written later in this unit of work (a merge goes by its timeline row's id).</summary>
    ValueTask<long> NextActivityIdAsync();

    /// <summary>True when someone said any two of <paramref name="contactIds"/> are not the same person (a merge undone).</summary>
    ValueTask<bool> AnyPairRejectedAsync(IReadOnlyList<long> contactIds);

    ValueTask<long> InsertActivityAsync(ActivityDraft activity);

    /// <summary>Links a record to a contact unless the record is already linked.</summary>
    ValueTask LinkRecordAsync(long contactId, string recordKind, string recordId, DateTime firstSeen);

    /// <summary>Queues a pair for review; false when the pair was queued or decided before.</summary>
    ValueTask<bool> QueueReviewAsync(MergeReviewDraft review);

    Task CommitAsync();
}

public sealed record StoredEvent(long ActivityId, long? ContactId);

public sealed record IdentifierHit(long ContactId, bool Verified);

public sealed record MoveCounts(int Identifiers, int Activities, int Links);

public sealed record ActivityDraft(
    string EventId, long? ContactId, string Type, string? Source, DateTime OccurredAt, DateTime ReceivedAt,
    string? RecordKind, string? RecordId, decimal? ConversionValue, string? Currency, string? PayloadJson,
    string? ClaimKeys = null, long? Id = null);

public sealed record MergeReviewDraft(
    long PrimaryContactId, long OtherContactId, string ReasonCode, string Reason, string EvidenceEventId, DateTime CreatedAt);

/// <summary>What the unit of work read is no longer true (a concurrent merge): the whole unit is retried.</summary>
internal sealed class ConcurrentChangeException(string message) : Exception(message);

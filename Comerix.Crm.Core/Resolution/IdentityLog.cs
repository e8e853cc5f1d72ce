using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Resolution;

/// <summary>
/// What the identity engine logs, with event ids 1000-1099 (the identity range). Tenant, contact ids and counts only:
/// never an identifier value, a trait or a reason that could quote one. Written after the transaction commits, so a
/// unit of work that rolled back and ran again logs its merges once.
/// </summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 1000, EventName = "ContactsMerged", Level = LogLevel.Information,
        Message = "Tenant {TenantId}: contact {MergedId} merged into {SurvivorId} ({Kind}); moved {IdentifiersMoved} identifiers, {ActivitiesMoved} activities, {LinksMoved} links")]
    public static partial void ContactsMerged(ILogger logger, string tenantId, long mergedId, long survivorId, string kind,
        int identifiersMoved, int activitiesMoved, int linksMoved);

    [LoggerMessage(EventId = 1001, EventName = "ReviewQueued", Level = LogLevel.Information,
        Message = "Tenant {TenantId}: contacts {PrimaryId} and {OtherId} queued for merge review ({ReasonCode})")]
    public static partial void ReviewQueued(ILogger logger, string tenantId, long primaryId, long otherId, string reasonCode);

    [LoggerMessage(EventId = 1002, EventName = "TransactionRetried", Level = LogLevel.Debug,
        Message = "Tenant {TenantId}: transaction lost a race ({ExceptionType}), attempt {Attempt} of {MaxAttempts}; running it again")]
    public static partial void TransactionRetried(ILogger logger, string tenantId, string exceptionType, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 1003, EventName = "TransactionRetriesExhausted", Level = LogLevel.Warning,
        Message = "Tenant {TenantId}: transaction lost a race {MaxAttempts} times ({ExceptionType}); giving up")]
    public static partial void TransactionRetriesExhausted(ILogger logger, string tenantId, string exceptionType, int maxAttempts);

    /// <summary>Merges that committed: each one, with what it moved.</summary>
    public static void Merged(ILogger logger, string tenantId, IEnumerable<MergeRecord> merges)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        foreach (var merge in merges)
        {
            ContactsMerged(logger, tenantId, merge.MergedId, merge.SurvivorId, merge.Kind,
                merge.Moved.Identifiers, merge.Moved.Activities, merge.Moved.Links);
        }
    }
}

/// <summary>One merge a unit of work made, kept to be logged once it commits.</summary>
/// <param name="Kind">automatic, manual or review: how the merge was decided.</param>
internal sealed record MergeRecord(long SurvivorId, long MergedId, string Kind, MoveCounts Moved);

/// <summary>One pair a unit of work queued for review, kept to be logged once it commits.</summary>
internal sealed record QueuedReviewRecord(long PrimaryId, long OtherId, string ReasonCode);

/// <summary>What a unit of work did that is logged after it commits; cleared when the unit runs again after a conflict.</summary>
internal sealed class UnitOfWorkJournal
{
    public List<MergeRecord> Merges { get; } = [];
    public List<QueuedReviewRecord> Reviews { get; } = [];

    public void Clear()
    {
        Merges.Clear();
        Reviews.Clear();
    }

    public void Log(ILogger logger, string tenantId)
    {
        IdentityLog.Merged(logger, tenantId, Merges);
        if (logger.IsEnabled(LogLevel.Information))
        {
            foreach (var review in Reviews)
            {
                IdentityLog.ReviewQueued(logger, tenantId, review.PrimaryId, review.OtherId, review.ReasonCode);
            }
        }
    }
}

using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Ingestion;

public enum IngestOutcome
{
    /// <summary>No claim pointed at a known contact: a new contact holds them.</summary>
    Created,
    /// <summary>The claims pointed at one contact; new claims were added to it.</summary>
    Attached,
    /// <summary>The claims tied several contacts together and the tie was trustworthy: they are now one.</summary>
    Merged,
    /// <summary>The claims tied several contacts but the tie was not trustworthy: a merge-review item waits.</summary>
    QueuedForReview,
    /// <summary>An event with this id was already stored; nothing changed.</summary>
    Duplicate,
    /// <summary>Every claim was dropped (junk or invalid): the event is kept but belongs to no contact.</summary>
    Unattributed,
    /// <summary>The event names a forgotten person on the suppression list: it was not stored.</summary>
    Suppressed,
}

internal static class IngestOutcomes
{
    /// <summary>The outcome as the APIs and the metrics spell it: <c>created</c>, <c>queued_for_review</c>, ...</summary>
    public static string Name(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Created => "created",
        IngestOutcome.Attached => "attached",
        IngestOutcome.Merged => "merged",
        IngestOutcome.QueuedForReview => "queued_for_review",
        IngestOutcome.Duplicate => "duplicate",
        IngestOutcome.Unattributed => "unattributed",
        IngestOutcome.Suppressed => "suppressed",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}

/// <param name="ContactId">The live contact the event now belongs to (for a duplicate: where the first copy lives now).</param>
/// <param name="MergedContactIds">Contacts that were merged into <paramref name="ContactId"/> by this event.</param>
/// <param name="ReviewContactIds">Contacts left apart and queued for review against <paramref name="ContactId"/>.</param>
public sealed record IngestResult(
    string EventId,
    IngestOutcome Outcome,
    long? ContactId,
    IReadOnlyList<DroppedClaim> DroppedClaims,
    IReadOnlyList<long> MergedContactIds,
    IReadOnlyList<long> ReviewContactIds);

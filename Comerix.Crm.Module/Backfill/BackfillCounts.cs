using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Backfill;

/// <summary>What a backfill did with the lines it read, by outcome (an accepted line is one event).</summary>
/// <param name="Lines">Lines read, blank ones not counted.</param>
/// <param name="Rejected">Lines refused (not JSON, not an event, invalid): each is in the rejects file.</param>
public sealed record BackfillCounts(
    long Lines = 0, long Created = 0, long Attached = 0, long Merged = 0, long QueuedForReview = 0,
    long Unattributed = 0, long Suppressed = 0, long Duplicate = 0, long Rejected = 0)
{
    /// <summary>Lines that became events (stored now, or already stored: duplicates).</summary>
    public long Accepted => Created + Attached + Merged + QueuedForReview + Unattributed + Suppressed + Duplicate;

    internal BackfillCounts With(long lines, IEnumerable<IngestResult> results, long rejected)
    {
        var counts = this with { Lines = Lines + lines, Rejected = Rejected + rejected };
        var by = results.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => (long)g.Count());
        long Of(IngestOutcome outcome) => by.GetValueOrDefault(outcome);
        return counts with
        {
            Created = Created + Of(IngestOutcome.Created),
            Attached = Attached + Of(IngestOutcome.Attached),
            Merged = Merged + Of(IngestOutcome.Merged),
            QueuedForReview = QueuedForReview + Of(IngestOutcome.QueuedForReview),
            Unattributed = Unattributed + Of(IngestOutcome.Unattributed),
            Suppressed = Suppressed + Of(IngestOutcome.Suppressed),
            Duplicate = Duplicate + Of(IngestOutcome.Duplicate),
        };
    }
}

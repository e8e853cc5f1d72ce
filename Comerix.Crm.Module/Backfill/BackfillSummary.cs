namespace Comerix.Crm.Backfill;

/// <summary>What a backfill did.</summary>
/// <param name="Counts">Since the file's first line, including what interrupted runs did before a resume.</param>
/// <param name="Completed">False when it was stopped (cancelled) before the end: a checkpoint was kept.</param>
/// <param name="ResumedAtLine">The line an interrupted run had committed up to, where this run started; null for a fresh run.</param>
/// <param name="RejectsPath">The rejects file, when a line was refused.</param>
/// <param name="CheckpointPath">Where progress is kept while the import is unfinished; null for standard input.</param>
/// <param name="Problem">Why the database stopped the run (it failed again and again); null when it completed or was cancelled.</param>
public sealed record BackfillSummary(
    BackfillCounts Counts, bool Completed, long? ResumedAtLine, string? RejectsPath, string? CheckpointPath, long EventsThisRun, TimeSpan Elapsed,
    string? Problem = null)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsThisRun / Elapsed.TotalSeconds : 0;
}

namespace Comerix.Crm.Backfill;

/// <summary>Where a backfill is, after each committed batch.</summary>
/// <param name="Counts">Since the file's first line (a resumed run includes what the interrupted ones did).</param>
/// <param name="EventsThisRun">Events committed by this run (duplicates included): the rate is these over <paramref name="Elapsed"/>.</param>
/// <param name="BytesRead">The input's stored bytes read so far (compressed, for a gzip file).</param>
/// <param name="BytesAtStart">Where this run started reading (past what a resumed run skipped).</param>
/// <param name="TotalBytes">The input's size; null for standard input.</param>
public readonly record struct BackfillProgress(
    BackfillCounts Counts, long LineNumber, long EventsThisRun, long BytesRead, long BytesAtStart, long? TotalBytes, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsThisRun / Elapsed.TotalSeconds : 0;

    /// <summary>0 to 1 of the input's bytes; null when its size is not known.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? Math.Clamp((double)BytesRead / total, 0, 1) : null;

    /// <summary>The time left at this run's pace so far; null until there is a pace, or when the size is not known.</summary>
    public TimeSpan? Remaining => TotalBytes is { } total && BytesRead > BytesAtStart && Elapsed > TimeSpan.Zero
        ? Elapsed * ((double)Math.Max(0, total - BytesRead) / (BytesRead - BytesAtStart))
        : null;
}

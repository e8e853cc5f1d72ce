namespace Comerix.Crm.Backfill;

/// <summary>What to load, and where.</summary>
/// <param name="TenantId">The tenant the events belong to (its name as stored).</param>
/// <param name="InputPath">The NDJSON file (gzip or not); null to read <paramref name="Input"/>.</param>
/// <param name="Input">A stream to read instead of a file (standard input): read once, so never resumed.</param>
/// <param name="RejectsPath">Where refused lines are listed; null for the data folder's <c>backfill/</c>, named after the input.</param>
/// <param name="BatchSize">Events per transaction: large, as nothing waits on a single event.</param>
/// <param name="Restart">Ignore a checkpoint an interrupted run left, and read from the first line.</param>
public sealed record BackfillRequest(
    string TenantId, string? InputPath, Stream? Input = null, string? RejectsPath = null,
    int BatchSize = BackfillRequest.DefaultBatchSize, bool Restart = false)
{
    /// <summary>
    /// Events per transaction by default. Each transaction commits once and reads its identifiers in one go, so a larger
    /// one costs less per event, up to the point where a batch's memory and a failed batch's rework stop being small.
    /// </summary>
    public const int DefaultBatchSize = 10_000;

    /// <summary>
    /// The longest line read (decompressed); a longer one is refused unread. A valid event holds at most about 300,000
    /// characters (payload, traits, claims), which even written all as \u escapes stays under this.
    /// </summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>The most batches may take in line bytes, so large events do not hold tens of thousands in memory at once.</summary>
    internal const long MaxBatchBytes = 64L * 1024 * 1024;
}

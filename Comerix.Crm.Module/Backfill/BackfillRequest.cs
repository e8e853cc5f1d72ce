namespace Comerix.Crm.Backfill;

/// <summary>What to load, and where.</summary>
/// <param name="TenantId">The tenant the events belong to (its name as stored).</param>
/// <param name="InputPath">The NDJSON file (gzip or not); null to read <paramref name="Input"/>.</param>
/// <param name="Input">A stream to read instead of a file (standard input): read once, so never resumed.</param>
/// <param name="RejectsPath">Where refused lines are listed; null for the data folder's <c>backfill/</c>, named after the input.</param>
/// <param name="BatchSize">Events per transaction; null for the provider's <see cref="DefaultBatchSize"/>.</param>
/// <param name="Restart">Ignore a checkpoint an interrupted run left, and read from the first line.</param>
public sealed record BackfillRequest(
    string TenantId, string? InputPath, Stream? Input = null, string? RejectsPath = null,
    int? BatchSize = null, bool Restart = false)
{
    /// <summary>
    /// Events per transaction by default, by provider (200,000 generated events, runs alternated on one shared, noisy
    /// machine, 2026-12-04). SQLite: a transaction commits once and reads its identifiers in one go, so larger is a
    /// little cheaper per event: 16,903 and 15,872 events/s in transactions of 20,000 against 16,343 and 15,255 of
    /// 10,000. PostgreSQL: the write phase grows faster than the transaction beyond about 10,000 events (50–54 s of
    /// 20,000 against 23–24 s of 5,000), so there: 4,993 and 3,556 events/s of 5,000, 2,778 and 3,683 of 10,000,
    /// 1,864 and 1,735 of 20,000.
    /// </summary>
    public static int DefaultBatchSize(string provider) =>
        provider == Data.CrmDatabaseProviders.Postgres ? PostgresDefaultBatchSize : SqliteDefaultBatchSize;

    public const int SqliteDefaultBatchSize = 20_000;

    public const int PostgresDefaultBatchSize = 5_000;

    /// <summary>
    /// The longest line read (decompressed); a longer one is refused unread. A valid event holds at most about 300,000
    /// characters (payload, traits, claims), which even written all as \u escapes stays under this.
    /// </summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>The most batches may take in line bytes, so large events do not hold tens of thousands in memory at once.</summary>
    internal const long MaxBatchBytes = 64L * 1024 * 1024;
}

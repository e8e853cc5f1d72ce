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
    /// Events per transaction by default, by provider. On SQLite a transaction commits once and reads its identifiers
    /// in one go, so a larger one costs less per event: 200,000 generated events loaded at 9,075/s in transactions of
    /// 20,000, 4,752/s of 10,000 and 6,269/s of 2,000 (one noisy machine, 2026-12-04). On PostgreSQL the write phase
    /// grows faster than the transaction (43 s for 200,000 events in transactions of 10,000, 80 s of 20,000, 27 s of
    /// 2,000), so smaller transactions win there: 2,723/s of 2,000 against 2,077/s of 10,000.
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

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>What a pass did, for the job's log and the benchmark: how much was compared, and how much blocking left out.</summary>
/// <param name="Candidates">Contacts looked at.</param>
/// <param name="Blocks">Blocking keys held by two or more contacts.</param>
/// <param name="OversizedBlocks">
/// Blocks over <see cref="DuplicateBlocking.MaxBlockSize"/>, compared by sorted neighbourhood only (a duplicate pair
/// far apart in name order there is found only through another key).
/// </param>
/// <param name="ComparedPairs">Distinct pairs scored.</param>
/// <param name="SkippedSharingIdentifier">Pairs left out because they hold one identifier (the engine's to decide).</param>
internal sealed record DuplicateSearchStats(int Candidates, int Blocks, int OversizedBlocks, long ComparedPairs, long SkippedSharingIdentifier);

/// <summary>The pairs a full pass proposes, lower id first and sorted, and what it took.</summary>
internal sealed record DuplicateSearch(IReadOnlyList<DuplicatePair> Pairs, DuplicateSearchStats Stats);

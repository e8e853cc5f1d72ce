namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// Proposes pairs of live contacts that are probably one person though they share no identifier. Suggestions only:
/// nothing here merges. The caller gives the live contacts of one tenant and leaves out pairs already linked or
/// dismissed; blocking (<see cref="DuplicateBlocking"/>) keeps a full pass near-linear in the number of contacts.
/// </summary>
internal static class DuplicateFinder
{
    /// <summary>
    /// A full pass: every proposed pair (score at or above <see cref="DuplicateScorer.Threshold"/>), lower id first,
    /// sorted by ids, with what the pass compared. Pairs holding one e-mail address or phone are left out (the
    /// identity engine joins or queues those).
    /// </summary>
    public static DuplicateSearch FindPairs(IEnumerable<DuplicateCandidate> candidates, CancellationToken cancellationToken) =>
        Index(candidates, cancellationToken).FindAll(DuplicateScorer.Threshold, cancellationToken);

    /// <summary>
    /// A full pass keeping pairs from <paramref name="minimumScore"/> (below the product's threshold too): for measuring
    /// what another threshold would do, or for an admin's "show weaker suggestions".
    /// </summary>
    public static DuplicateSearch FindPairs(IEnumerable<DuplicateCandidate> candidates, double minimumScore, CancellationToken cancellationToken) =>
        Index(candidates, cancellationToken).FindAll(minimumScore, cancellationToken);

    /// <summary>The candidates prepared (in parallel: folding text is the costly part) and filed, for a full pass or for later changes.</summary>
    public static DuplicateIndex Index(IEnumerable<DuplicateCandidate> candidates, CancellationToken cancellationToken)
    {
        var prepared = candidates.AsParallel().AsOrdered().WithCancellation(cancellationToken)
            .Select(c => new PreparedCandidate(c)).ToList();
        var index = new DuplicateIndex();
        foreach (var candidate in prepared)
        {
            index.Add(candidate);
        }
        return index;
    }

    /// <summary>
    /// The incremental path: the proposed pairs a new or changed contact makes with the contacts in
    /// <paramref name="index"/>. The job then files it with <see cref="DuplicateIndex.AddOrUpdate"/>.
    /// </summary>
    /// <param name="notTheSame">Pairs (lower id first) a person said are two people: never a link for another pair.</param>
    public static IReadOnlyList<DuplicatePair> FindFor(DuplicateCandidate candidate, DuplicateIndex index, IReadOnlySet<(long, long)>? notTheSame = null) =>
        index.FindFor(candidate, notTheSame);
}

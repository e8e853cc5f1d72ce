using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// For tuning (--explain N): the first N true pairs the finder missed and the first N it proposed wrongly, with their
/// scores and reasons. Prints the contacts' names and fields: use it on generated data, not on a customer's file.
/// </summary>
internal static class DedupeExplain
{
    public static void Print(IReadOnlyList<LabelledContact> contacts, IReadOnlyList<DuplicatePair> pairs, int count)
    {
        var byId = contacts.ToDictionary(c => c.Candidate.ContactId);
        var proposed = pairs.Select(p => (p.LowId, p.HighId)).ToHashSet();
        var missed = contacts.SelectMany(c => c.Clusters.Select(k => (k, c))).GroupBy(x => x.k)
            .SelectMany(g => g.Select(x => x.c.Candidate.ContactId).Order().ToList() is var ids
                ? ids.SelectMany((a, i) => ids.Skip(i + 1).Select(b => (a, b))) : [])
            .Where(p => !proposed.Contains(p)).Distinct().ToList();
        // Scored as the pass scores them: with the directory's name frequencies, and marked when blocking never compared them.
        var prepared = contacts.ToDictionary(c => c.Candidate.ContactId, c => new PreparedCandidate(c.Candidate));
        var frequencies = new NameFrequencies();
        foreach (var candidate in prepared.Values)
        {
            frequencies.Add(candidate.Name);
        }
        var keys = prepared.ToDictionary(p => p.Key, p => DuplicateBlocking.Keys(p.Value).ToHashSet(StringComparer.Ordinal));
        string Kind(long a, long b)
        {
            var reasons = DuplicateScorer.Score(prepared[a], prepared[b], frequencies).Reasons
                .Select(r => r.StartsWith("names match", StringComparison.Ordinal) ? "names match" : r).Order(StringComparer.Ordinal);
            var compared = keys[a].Overlaps(keys[b]) ? "" : "[not compared] ";
            var shared = prepared[a].SharesIdentifierWith(prepared[b]) ? "[sharing an identifier] " : "";
            return compared + shared + string.Join("; ", reasons);
        }
        Console.WriteLine($"  missed, by the evidence they had ({missed.Count:N0}; not compared: {missed.Count(p => !keys[p.a].Overlaps(keys[p.b])):N0}):");
        foreach (var kind in missed.Select(p => Kind(p.a, p.b)).GroupBy(k => k).OrderByDescending(g => g.Count()).Take(40))
        {
            Console.WriteLine($"    {kind.Count(),6:N0}  {kind.Key}");
        }
        // Near the threshold, each kind of evidence with how many of its pairs are one person: what a weight would buy or cost.
        var near = DuplicateFinder.FindPairs(contacts.Select(c => c.Candidate), minimumScore: 0.15, CancellationToken.None).Pairs
            .Where(p => p.Score < 0.8).ToList();
        Console.WriteLine("  compared pairs scoring 0.15-0.8, by evidence: true / false (score):");
        foreach (var kind in near.GroupBy(p => string.Join("; ", p.Reasons.Select(r => r.StartsWith("names match", StringComparison.Ordinal) ? "names match" : r)
            .Order(StringComparer.Ordinal))).OrderByDescending(g => g.Count()).Take(40))
        {
            var good = kind.Count(p => byId[p.LowId].Clusters.Overlaps(byId[p.HighId].Clusters));
            Console.WriteLine($"    {good,6:N0} / {kind.Count() - good,6:N0} ({kind.Average(p => p.Score):F2})  {kind.Key}");
        }
        // True pairs with nothing but a name: indistinguishable from two namesakes unless the name itself is rare.
        var truePairs = contacts.SelectMany(c => c.Clusters.Select(k => (k, c))).GroupBy(x => x.k)
            .SelectMany(g => g.Select(x => x.c.Candidate.ContactId).Order().ToList() is var ids
                ? ids.SelectMany((a, i) => ids.Skip(i + 1).Select(b => (a, b))) : []).Distinct().ToList();
        static bool NameOnly(string reason) => reason.StartsWith("same name", StringComparison.Ordinal)
            || reason.StartsWith("names match", StringComparison.Ordinal) || reason.EndsWith(" name here", StringComparison.Ordinal);
        var nameOnly = truePairs.Where(p => DuplicateScorer.Score(prepared[p.a], prepared[p.b], frequencies) is var score
            && score.Reasons.Count > 0 && score.Reasons.All(NameOnly) && score.Reasons.Any(r => !r.EndsWith(" name here", StringComparison.Ordinal))).ToList();
        static bool NothingInCommon(DuplicateCandidate x, DuplicateCandidate y) =>
            (x.Emails.Count == 0 || y.Emails.Count == 0) && (x.Phones.Count == 0 || y.Phones.Count == 0)
            && (string.IsNullOrWhiteSpace(x.Company) || string.IsNullOrWhiteSpace(y.Company))
            && !x.Traits.Keys.Intersect(y.Traits.Keys).Any();
        var bare = nameOnly.Count(p => NothingInCommon(byId[p.a].Candidate, byId[p.b].Candidate));
        Console.WriteLine($"  true pairs: {truePairs.Count:N0}; with name evidence only: {nameOnly.Count:N0} ({(double)nameOnly.Count / truePairs.Count:P1}), " +
            $"of them proposed: {nameOnly.Count(p => proposed.Contains(p)):N0}; with no other field present on both: {bare:N0} ({(double)bare / truePairs.Count:P1})");
        Console.WriteLine("  missed:");
        foreach (var (a, b) in missed.Take(count))
        {
            Show(byId[a], byId[b], DuplicateScorer.Score(prepared[a], prepared[b], frequencies));
        }
        Console.WriteLine("  proposed wrongly, by evidence:");
        foreach (var kind in pairs.Where(p => !byId[p.LowId].Clusters.Overlaps(byId[p.HighId].Clusters))
            .Select(p => string.Join("; ", p.Reasons.Select(r => r.StartsWith("names match", StringComparison.Ordinal) ? "names match" : r).Order(StringComparer.Ordinal)))
            .GroupBy(k => k).OrderByDescending(g => g.Count()).Take(25))
        {
            Console.WriteLine($"    {kind.Count(),6:N0}  {kind.Key}");
        }
        Console.WriteLine("  proposed wrongly:");
        foreach (var pair in pairs.Where(p => !byId[p.LowId].Clusters.Overlaps(byId[p.HighId].Clusters)).Take(count))
        {
            Show(byId[pair.LowId], byId[pair.HighId], DuplicateScorer.Score(prepared[pair.LowId], prepared[pair.HighId], frequencies));
        }
    }

    private static void Show(LabelledContact a, LabelledContact b, DuplicateScore score)
    {
        Console.WriteLine($"    {score.Value:F2} ({score.Points:F1}) {string.Join("; ", score.Reasons)}");
        Console.WriteLine($"      {Describe(a.Candidate)}");
        Console.WriteLine($"      {Describe(b.Candidate)}");
    }

    private static string Describe(DuplicateCandidate c) =>
        $"{c.DisplayName} | {string.Join(" ", c.Emails)} | {string.Join(" ", c.Phones)} | {c.Company} | {string.Join(" ", c.Traits.Select(t => $"{t.Key}={t.Value}"))}";
}

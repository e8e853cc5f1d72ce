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
        Console.WriteLine($"  missed, by the evidence they had ({missed.Count:N0}):");
        foreach (var kind in missed.Select(p => string.Join("; ", DuplicateScorer.Score(byId[p.a].Candidate, byId[p.b].Candidate).Reasons
            .Select(r => r.StartsWith("names match", StringComparison.Ordinal) ? "names match" : r).Order(StringComparer.Ordinal)))
            .GroupBy(k => k).OrderByDescending(g => g.Count()).Take(25))
        {
            Console.WriteLine($"    {kind.Count(),6:N0}  {kind.Key}");
        }
        Console.WriteLine("  missed:");
        foreach (var (a, b) in missed.Take(count))
        {
            Show(byId[a], byId[b], DuplicateScorer.Score(byId[a].Candidate, byId[b].Candidate));
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
            Show(byId[pair.LowId], byId[pair.HighId], DuplicateScorer.Score(byId[pair.LowId].Candidate, byId[pair.HighId].Candidate));
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

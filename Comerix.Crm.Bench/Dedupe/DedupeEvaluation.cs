using System.Globalization;
using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// The finder's pairs against the answer key. A true pair is two live contacts holding records of one person; pairs
/// the import already joined are not pairs any more (they are counted apart, as found by the engine).
/// </summary>
internal sealed record DedupeEvaluation(
    int Records, int Contacts, long PairsTrue, long PairsFound, long TruePositives, int ClustersJoinedByImport, int ContactsMixingPeople)
{
    public double Precision => PairsFound == 0 ? 1 : (double)TruePositives / PairsFound;
    public double Recall => PairsTrue == 0 ? 1 : (double)TruePositives / PairsTrue;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static DedupeEvaluation Of(IReadOnlyList<LabelledRow> rows, IReadOnlyList<LabelledContact> contacts, IEnumerable<DuplicatePair> pairs)
    {
        var byId = contacts.ToDictionary(c => c.Candidate.ContactId);
        var truePairs = new HashSet<(long, long)>();
        foreach (var cluster in contacts.SelectMany(c => c.Clusters.Select(k => (Cluster: k, Id: c.Candidate.ContactId))).GroupBy(x => x.Cluster))
        {
            var ids = cluster.Select(x => x.Id).Order().ToList();
            for (var i = 0; i < ids.Count; i++)
            {
                for (var j = i + 1; j < ids.Count; j++)
                {
                    truePairs.Add((ids[i], ids[j]));
                }
            }
        }
        long found = 0, correct = 0;
        foreach (var pair in pairs)
        {
            found++;
            correct += truePairs.Contains((pair.LowId, pair.HighId)) ? 1 : 0;
        }
        // A person whose records all went into one contact: found by the import itself.
        var contactsOf = contacts.SelectMany(c => c.Clusters).GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var joined = rows.GroupBy(r => r.ClusterId, StringComparer.Ordinal).Count(g => g.Count() > 1 && contactsOf.GetValueOrDefault(g.Key) == 1);
        return new DedupeEvaluation(rows.Count, contacts.Count, truePairs.Count, found, correct, joined,
            contacts.Count(c => c.Clusters.Count > 1));
    }

    public string Figures => string.Create(CultureInfo.InvariantCulture,
        $"pairs_true={PairsTrue} pairs_found={PairsFound} precision={Precision:F3} recall={Recall:F3} f1={F1:F3}");
}

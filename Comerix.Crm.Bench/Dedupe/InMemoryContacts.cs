using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// The contacts an import would make of the rows, worked out in memory for the scale run (216,000 rows would take the
/// import itself longer than the pass being measured): rows holding one e-mail address or one phone (E.164, as the
/// engine keys it) become one contact, as the engine attaches an unverified claim to the contact that holds it; a
/// phone the engine cannot read is left out, as the import leaves it out. Name, company and traits are the first given.
/// </summary>
internal static class InMemoryContacts
{
    public static List<LabelledContact> Build(IReadOnlyList<LabelledRow> rows, string phoneRegion)
    {
        var phones = new PhoneNumberNormalizer(phoneRegion);
        var parent = Enumerable.Range(0, rows.Count).ToArray();
        int Root(int i)
        {
            while (parent[i] != i)
            {
                i = parent[i] = parent[parent[i]];
            }
            return i;
        }
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        var e164 = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            e164[i] = rows[i].Field("phone") is { } phone && phones.TryNormalize(phone, out var key) ? key : null;
            foreach (var identifier in new[] { rows[i].Field("email")?.ToLowerInvariant() is { } email && email.Contains('@', StringComparison.Ordinal) ? "e:" + email : null,
                e164[i] is { } p ? "p:" + p : null })
            {
                if (identifier is null)
                {
                    continue;
                }
                if (owner.TryGetValue(identifier, out var first))
                {
                    parent[Root(i)] = Root(first);
                }
                else
                {
                    owner[identifier] = i;
                }
            }
        }
        return Enumerable.Range(0, rows.Count).GroupBy(Root).Select(g => Contact(g.Key, g.Select(i => rows[i]).ToList(), g.Select(i => e164[i]))).ToList();
    }

    private static LabelledContact Contact(int id, List<LabelledRow> rows, IEnumerable<string?> e164)
    {
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in rows.SelectMany(r => r.Traits))
        {
            traits.TryAdd(key, value);
        }
        var candidate = new DuplicateCandidate(id + 1, rows.Select(r => r.Name).FirstOrDefault(n => n is not null),
            rows.Select(r => r.Field("email")).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            e164.OfType<string>().Distinct().ToList(),
            rows.Select(r => r.Field("company")).FirstOrDefault(c => c is not null), traits);
        return new LabelledContact(candidate, rows.Select(r => r.ClusterId).ToHashSet(StringComparer.Ordinal), rows.Count);
    }
}

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// How common each name word is among the contacts being compared, so that a matching name counts for what it says
/// in this directory: two "Paolo Lang" among 20,000 contacts are probably one person, two "Maria Müller" probably not.
/// The expected number of people sharing a name by chance is the directory's size times each word's share (given and
/// family names are close to independent); a name expected less than once is rare, one expected dozens of times common.
/// </summary>
internal sealed class NameFrequencies
{
    private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);

    /// <summary>Names counted (contacts with a name).</summary>
    public int Names { get; private set; }

    public void Add(PersonName name) => Count(name, +1);

    public void Remove(PersonName name) => Count(name, -1);

    /// <summary>How many contacts would carry this name by chance; infinite for a name of fewer than two full words.</summary>
    public double ExpectedNamesakes(PersonName name)
    {
        var expected = (double)Names;
        var words = 0;
        foreach (var word in name.Words)
        {
            if (word.Length > 1 && words < 3)
            {
                expected *= Math.Max(1, _words.GetValueOrDefault(word)) / (double)Math.Max(1, Names);
                words++;
            }
        }
        return words < 2 ? double.PositiveInfinity : expected;
    }

    /// <summary>What the commonness of two matching names adds to (or takes from) the name's evidence.</summary>
    public Evidence Rarity(PersonName a, PersonName b)
    {
        if (Names < MinimumNames)
        {
            return Evidence.Nothing; // too few contacts to tell a rare name from a common one
        }
        // A spelling only one side has and hardly anyone holds is a slip: it makes the name look rarer than it is
        // ("Maria Anrold" and "Maria Aronld" are two slips of Arnold), so only a name without one says how rare it is.
        var (countA, countB) = (!HasSlipOf(a, b), !HasSlipOf(b, a));
        if (!countA && !countB)
        {
            return Evidence.Nothing;
        }
        var expected = Math.Max(countA ? ExpectedNamesakes(a) : 0, countB ? ExpectedNamesakes(b) : 0);
        return expected switch
        {
            <= 0.1 => new Evidence(DuplicateWeights.VeryRareName, "a very rare name here"),
            <= 0.5 => new Evidence(DuplicateWeights.RareName, "a rare name here"),
            <= 2 => new Evidence(DuplicateWeights.UncommonName, "an uncommon name here"),
            >= 25 and < double.PositiveInfinity => new Evidence(DuplicateWeights.CommonName, "a common name here"),
            _ => Evidence.Nothing,
        };
    }

    /// <summary>True when <paramref name="name"/> holds a word the other name lacks and almost no one else holds.</summary>
    private bool HasSlipOf(PersonName name, PersonName other)
    {
        foreach (var word in name.Words)
        {
            if (word.Length > 1 && !other.Words.Contains(word) && IsSlip(word))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Below this many names, frequencies are noise.</summary>
    private const int MinimumNames = 1000;

    /// <summary>Contacts holding a spelling that make it a name in its own right rather than someone's slip.</summary>
    private const int Established = 3;

    /// <summary>
    /// The share of the commoner spelling's holders that the rarer must reach to be a name of its own: in a large
    /// directory the same slip of a very common name ("Muler" for Müller) recurs a few times, but stays a tiny share.
    /// </summary>
    private const double EstablishedShare = 0.02;

    /// <summary>True when both spellings are held by several contacts each: two names, not one mistyped.</summary>
    public bool AreBothEstablished(string a, string b)
    {
        if (Names < MinimumNames)
        {
            return false;
        }
        var (countA, countB) = (_words.GetValueOrDefault(a), _words.GetValueOrDefault(b));
        var (rarer, commoner) = countA <= countB ? (countA, countB) : (countB, countA);
        return rarer >= Established && rarer >= commoner * EstablishedShare;
    }

    /// <summary>
    /// True when almost no one holds this spelling (fewer than <see cref="Established"/> contacts, itself included):
    /// someone's slip rather than a name. False while there are too few contacts to tell.
    /// </summary>
    public bool IsSlip(string word) => Names >= MinimumNames && _words.GetValueOrDefault(word) < Established;

    private void Count(PersonName name, int by)
    {
        if (name.IsEmpty)
        {
            return;
        }
        Names += by;
        foreach (var word in name.Words.Where(w => w.Length > 1).Distinct())
        {
            _words[word] = _words.GetValueOrDefault(word) + by;
        }
    }
}

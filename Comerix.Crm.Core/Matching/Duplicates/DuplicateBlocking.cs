namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// Which contacts are compared at all. Comparing every contact with every other is quadratic (216,000 contacts would
/// be 23 billion pairs); instead each contact gets a handful of blocking keys, and only contacts sharing a key are
/// compared. Each key is built to survive one kind of corruption the scorer forgives:
/// <list type="bullet">
/// <item>family-name sound (Soundex) + given name's first letter: typos after the first letter, transposed letters,
/// swapped given/family name (every word takes a turn as the family name), initials, nicknames (the full name's letter);</item>
/// <item>given name (nickname resolved) + family name's first three letters: typos in the family name's sound;</item>
/// <item>the phone's last 7 digits: any formatting, and a typo in the area code;</item>
/// <item>the e-mail name: the same name at another provider, whatever the name looks like;</item>
/// <item>birth date + an initial, postcode + a family name's sound: a name garbled beyond the first two keys.</item>
/// </list>
/// Limits: a pair whose names differ in their first letters and that shares no phone digits, e-mail name, birth date
/// or postcode is never compared (the scorer would rarely propose it anyway). Keys of very common values make large
/// blocks; see <see cref="MaxBlockSize"/>.
/// </summary>
internal static class DuplicateBlocking
{
    /// <summary>
    /// A block larger than this ("Müller" with given names starting M, a company's switchboard number) is not compared
    /// all against all but sorted by name and each contact compared with its <see cref="Window"/> neighbours (sorted
    /// neighbourhood): the typo pairs that block exists for sort next to each other, and the cost stays linear. The
    /// number of such blocks is reported in <see cref="DuplicateSearchStats.OversizedBlocks"/>.
    /// </summary>
    public const int MaxBlockSize = 200;

    /// <summary>Neighbours on each side a contact is compared with in an oversized block.</summary>
    public const int Window = 20;

    public static IReadOnlyList<string> Keys(PreparedCandidate candidate)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var words = candidate.Name.Words;
        for (var f = 0; f < words.Count; f++)
        {
            var family = words[f];
            if (family.Length < 2)
            {
                continue; // an initial is never the family name
            }
            var sound = Soundex.Of(family);
            for (var g = 0; g < words.Count; g++)
            {
                if (g == f)
                {
                    continue;
                }
                if (words[g].Length > 1)
                {
                    // The name as an e-mail name: meets a contact holding this person's address under another name.
                    keys.Add("e:" + words[g] + family);
                }
                foreach (var given in Nicknames.FullNamesOf(words[g]))
                {
                    keys.Add($"n:{sound}:{given[0]}");
                    if (given.Length > 1)
                    {
                        keys.Add($"g:{given}:{family[..Math.Min(3, family.Length)]}");
                    }
                }
            }
        }
        foreach (var digits in candidate.PhoneDigitStrings)
        {
            keys.Add("p:" + digits[^PhoneDigits.Blocked..]);
        }
        foreach (var email in candidate.Emails)
        {
            keys.Add("e:" + email.Name);
        }
        foreach (var trait in candidate.Traits)
        {
            foreach (var form in trait.Forms)
            {
                if (trait.Kind == TraitKind.BirthDate)
                {
                    foreach (var word in words)
                    {
                        keys.Add($"d:{form}:{word[0]}");
                    }
                }
                else if (trait.Kind == TraitKind.Postcode)
                {
                    foreach (var word in words.Where(w => w.Length > 1))
                    {
                        keys.Add($"z:{form}:{Soundex.Of(word)}");
                    }
                }
            }
        }
        return [.. keys];
    }
}

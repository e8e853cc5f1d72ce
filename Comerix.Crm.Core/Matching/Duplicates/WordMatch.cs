namespace Comerix.Crm.Matching.Duplicates;

/// <summary>How one word of a name stands to one word of another.</summary>
internal enum WordMatch
{
    None,
    Exact,
    /// <summary>Equal once accents are folded away ("José", "Jose").</summary>
    Accents,
    /// <summary>A short form and its full name, or two short forms of one name (Bob, Robert).</summary>
    Nickname,
    /// <summary>One or two edits apart, for words long enough that this is a slip and not another name (Catherine, Cathrine).</summary>
    Typo,
    /// <summary>An initial and a word it starts ("J", "John").</summary>
    Initial,
}

/// <summary>Which <see cref="WordMatch"/> two name words are.</summary>
internal static class NameWords
{
    /// <param name="a">A folded word.</param>
    /// <param name="writtenA">The same word lower-cased with its accents.</param>
    /// <param name="frequencies">How often each word occurs among the contacts compared, when known.</param>
    public static WordMatch Compare(string a, string writtenA, string b, string writtenB, NameFrequencies? frequencies = null)
    {
        if (a == b)
        {
            return a.Length == 1 ? WordMatch.Initial : writtenA == writtenB ? WordMatch.Exact : WordMatch.Accents;
        }
        if (a.Length == 1 || b.Length == 1)
        {
            return a[0] == b[0] ? WordMatch.Initial : WordMatch.None;
        }
        if (Transliterated(a) == Transliterated(b))
        {
            return WordMatch.Accents; // "Müller" written "Mueller", "Straße" as "Strasse"
        }
        if (Nicknames.AreSameName(a, b) || IsShortForm(a, b))
        {
            return WordMatch.Nickname;
        }
        // Two spellings each held by several contacts are two names (Meier and Meyer, Josef and José), not a slip: a
        // typo makes a word almost no one else has.
        if (frequencies?.AreBothEstablished(a, b) == true)
        {
            return WordMatch.None;
        }
        return IsTypo(a, b) || IsTypo(Transliterated(a), Transliterated(b)) || IsMistypedNickname(a, b) || AreTwoSlips(a, b, frequencies)
            ? WordMatch.Typo : WordMatch.None;
    }

    /// <summary>
    /// A short form with a typo in it, or a typo of the full name against a short form ("Pegy" for Peggy against
    /// Margaret; "Jamws" against Jimmy): one of the spellings of one name, mistyped, in the other.
    /// </summary>
    private static bool IsMistypedNickname(string a, string b)
    {
        foreach (var spelling in Nicknames.SpellingsOf(a))
        {
            if (spelling != a && IsTypo(spelling, b))
            {
                return true;
            }
        }
        foreach (var spelling in Nicknames.SpellingsOf(b))
        {
            if (spelling != b && IsTypo(a, spelling))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Two edits apart in a word of four or five letters ("Luuca", "Luka"; "Lcuia", "Lucea") when neither spelling is a
    /// name anyone else holds: each record carries its own slip of one name. Two names of their own that far apart
    /// (Lena, Jana) stay two names; without frequencies it is never a match.
    /// </summary>
    private static bool AreTwoSlips(string a, string b, NameFrequencies? frequencies) =>
        frequencies is not null && Math.Min(a.Length, b.Length) >= 4 && !GenderedForms(a, b)
        && frequencies.IsSlip(a) && frequencies.IsSlip(b)
        && StringSimilarity.EditDistance(a, b, 2) <= 2 && StringSimilarity.JaroWinkler(a, b) >= 0.8;

    /// <summary>A word with the German transliterations undone (ue → u, oe → o, ae → a, ss → s), only to compare.</summary>
    private static string Transliterated(string word) =>
        word.Contains('e', StringComparison.Ordinal) || word.Contains("ss", StringComparison.Ordinal)
            ? word.Replace("ue", "u", StringComparison.Ordinal).Replace("oe", "o", StringComparison.Ordinal)
                .Replace("ae", "a", StringComparison.Ordinal).Replace("ss", "s", StringComparison.Ordinal)
            : word;

    /// <summary>How much a match of this kind says, for choosing the best pairing of two names' words.</summary>
    public static double Weight(WordMatch match) => match switch
    {
        WordMatch.Exact => 1,
        WordMatch.Accents => 0.99,
        WordMatch.Nickname => 0.9,
        WordMatch.Typo => 0.85,
        WordMatch.Initial => 0.6,
        _ => 0,
    };

    /// <summary>
    /// The start of the other name, three or four letters ("Sam", "Samuel"; "Max", "Maximilian"): most short forms
    /// the table does not know are made that way. Not a longer start ("Susan", "Susanne" are two names), nor when the
    /// longer only adds a vowel (Jan, Jana).
    /// </summary>
    private static bool IsShortForm(string a, string b)
    {
        var (shortWord, longWord) = a.Length <= b.Length ? (a, b) : (b, a);
        return shortWord.Length is 3 or 4 && longWord.Length >= shortWord.Length + 2 && longWord.StartsWith(shortWord, StringComparison.Ordinal)
            && !GenderedForms(a, b);
    }

    private static bool IsTypo(string a, string b)
    {
        var shorter = Math.Min(a.Length, b.Length);
        // Three letters only for a letter dropped ("Pak", "Park"); a letter changed in a word that short is another
        // name ("Jan", "Jon"), and so is a changed final vowel ("Anna", "Anne").
        if (shorter < 3 || (shorter == 3 && a.Length == b.Length) || GenderedForms(a, b))
        {
            return false;
        }
        // Two edits in a word of six letters or more: each of two records may carry its own slip ("Peetrov", "Petrrov").
        var limit = shorter >= 6 ? 2 : 1;
        var distance = StringSimilarity.EditDistance(a, b, limit);
        return distance <= limit && StringSimilarity.JaroWinkler(a, b) >= (distance == 2 ? 0.9 : 0.85);
    }

    /// <summary>
    /// Names that differ only in a final vowel, or by one added at the end (Maria/Mario, Paul/Paula, Daniel/Daniela):
    /// in many languages the same name for a woman and a man, so twins and siblings, not a typo.
    /// </summary>
    private static bool GenderedForms(string a, string b)
    {
        var (shortWord, longWord) = a.Length <= b.Length ? (a, b) : (b, a);
        if (longWord.Length == shortWord.Length)
        {
            return longWord.AsSpan(0, longWord.Length - 1).SequenceEqual(shortWord.AsSpan(0, shortWord.Length - 1))
                && IsVowel(longWord[^1]) && IsVowel(shortWord[^1]);
        }
        return longWord.Length == shortWord.Length + 1 && longWord.StartsWith(shortWord, StringComparison.Ordinal) && IsVowel(longWord[^1]);
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o';
}

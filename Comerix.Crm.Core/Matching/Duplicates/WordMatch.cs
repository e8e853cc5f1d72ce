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
        // Two spellings each held by several contacts are two names (Meier and Meyer, Hofmann and Hoffmann), not a slip:
        // a typo makes a word almost no one else has.
        return IsTypo(a, b) && frequencies?.AreBothEstablished(a, b) != true ? WordMatch.Typo : WordMatch.None;
    }

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
        var limit = shorter >= 8 ? 2 : 1;
        return StringSimilarity.EditDistance(a, b, limit) <= limit && StringSimilarity.JaroWinkler(a, b) >= 0.85;
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

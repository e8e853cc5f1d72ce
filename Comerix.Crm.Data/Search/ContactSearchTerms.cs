namespace Comerix.Crm.Data.Search;

/// <summary>Turns what an admin typed into an FTS5 query for the trigram index: the text, or its digits for a phone.</summary>
internal static class ContactSearchTerms
{
    /// <summary>Null when the trigram index cannot answer (a term shorter than three characters).</summary>
    public static string? Match(string search)
    {
        var text = search.Trim();
        var digits = PhoneDigits(text);
        var phrases = new List<string>();
        if (text.Length >= 3)
        {
            phrases.Add(Phrase(text));
        }
        // "(415) 555-0100" finds "+14155550100": phones are stored as E.164.
        if (digits is not null && digits != text)
        {
            phrases.Add(Phrase(digits));
        }
        return phrases.Count == 0 ? null : string.Join(" OR ", phrases);
    }

    /// <summary>
    /// The digits of a search that looks like a phone number ("(415) 555-0100", "+44 20 7946"): only digits and
    /// phone punctuation, at least three digits. Null for anything else, so "ada 1984" is not a phone search.
    /// </summary>
    public static string? PhoneDigits(string search)
    {
        var text = search.Trim();
        if (!text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '/'))
        {
            return null;
        }
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 3 ? digits : null;
    }

    /// <summary>An FTS5 string literal: everything inside double quotes is plain text, quotes doubled.</summary>
    private static string Phrase(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
}

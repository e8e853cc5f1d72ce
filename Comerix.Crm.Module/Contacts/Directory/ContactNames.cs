namespace Comerix.Crm.Contacts.Directory;

/// <summary>What to call a contact on screen when the profile has gaps.</summary>
internal static class ContactNames
{
    public static string Display(string? displayName, string? email, string? phone, long id) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName
        : email ?? (phone is null ? null : Identity.Normalization.PhoneDisplay.Format(phone)) ?? $"Anonymous visitor #{id}";

    public static string Display(Contact contact) => Display(contact.DisplayName, contact.Email, contact.Phone, contact.Id);

    /// <summary>
    /// Up to two letters for the avatar; "?" for someone we know nothing about. Letters are whole characters (an
    /// accented letter or one outside the Basic Multilingual Plane is never cut in half), symbols and emoji
    /// are skipped, and words that start with a digit count only when there is nothing else.
    /// </summary>
    public static string Initials(string? displayName, string? email)
    {
        var source = !string.IsNullOrWhiteSpace(displayName) ? displayName : email?.Split('@')[0];
        var words = (source ?? "").Split([' ', '.', '_', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(Letters).Where(letters => letters.Count > 0).ToList();
        if (words.Count == 0)
        {
            return "?";
        }
        // Words that start with a letter make the initials ("Phone Test 14" is PT, not P1); digits only when nothing else.
        var named = words.Where(w => System.Text.Rune.TryGetRuneAt(w[0], 0, out var first) && System.Text.Rune.IsLetter(first)).ToList();
        words = named.Count > 0 ? named : words;
        var initials = words.Count >= 2 ? words[0][0] + words[^1][0] : string.Concat(words[0].Take(2));
        return initials.ToUpperInvariant();
    }

    private static List<string> Letters(string word)
    {
        var letters = new List<string>();
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (System.Text.Rune.TryGetRuneAt(element, 0, out var rune) && System.Text.Rune.IsLetterOrDigit(rune))
            {
                letters.Add(element);
            }
        }
        return letters;
    }
}

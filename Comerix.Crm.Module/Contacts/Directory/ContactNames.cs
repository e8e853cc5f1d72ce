namespace Comerix.Crm.Contacts.Directory;

/// <summary>What to call a contact on screen when the profile has gaps.</summary>
public static class ContactNames
{
    public static string Display(string? displayName, string? email, string? phone, long id) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName
        : email ?? phone ?? $"Anonymous visitor #{id}";

    public static string Display(Contact contact) => Display(contact.DisplayName, contact.Email, contact.Phone, contact.Id);

    /// <summary>Up to two letters for the avatar; "?" for someone we know nothing about.</summary>
    public static string Initials(string? displayName, string? email)
    {
        var source = !string.IsNullOrWhiteSpace(displayName) ? displayName : email?.Split('@')[0];
        if (string.IsNullOrWhiteSpace(source))
        {
            return "?";
        }
        var words = source.Split([' ', '.', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
        var letters = words.Length >= 2 ? $"{words[0][0]}{words[^1][0]}" : words[0][..Math.Min(2, words[0].Length)];
        return letters.ToUpperInvariant();
    }
}

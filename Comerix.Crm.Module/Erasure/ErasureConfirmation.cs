using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Identity;

namespace Comerix.Crm.Erasure;

/// <summary>Confirming Delete &amp; forget: the contact's email, or the word DELETE. Anything else deletes nothing.</summary>
public static class ErasureConfirmation
{
    public const string Word = "DELETE";

    public static IEnumerable<string> ConfirmingEmails(ContactFootprint footprint) => footprint.Identifiers
        .Where(i => i.Type == IdentifierTypes.Email).Select(i => i.Value)
        .Append(footprint.Contact.Email ?? "").Where(e => e.Length > 0);

    public static bool IsConfirmedBy(ContactFootprint footprint, string? typed)
    {
        var value = typed?.Trim() ?? "";
        return value == Word
            || (value.Length > 0 && ConfirmingEmails(footprint).Any(e => string.Equals(e, value, StringComparison.OrdinalIgnoreCase)));
    }
}

public enum ErasureOutcome
{
    Erased,
    NotConfirmed,
    NotFound,
}

public sealed record ErasureResult(ErasureOutcome Outcome);

using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Identity;

namespace Comerix.Crm.Erasure;

/// <summary>Confirming Delete &amp; forget: the contact's email, or the word DELETE. Anything else deletes nothing.</summary>
internal static class ErasureConfirmation
{
    public const string Word = "DELETE";

    /// <summary>The emails that confirm: the profile's own first (the one the page suggests), then every other one held.</summary>
    public static IEnumerable<string> ConfirmingEmails(ContactFootprint footprint) =>
        new[] { footprint.Contact.Email ?? "" }
            .Concat(footprint.Identifiers.Where(i => i.Type == IdentifierTypes.Email).Select(i => i.Value))
            .Where(e => e.Length > 0);

    public static bool IsConfirmedBy(ContactFootprint footprint, string? typed)
    {
        var value = typed?.Trim() ?? "";
        return value == Word
            || (value.Length > 0 && ConfirmingEmails(footprint).Any(e => string.Equals(e, value, StringComparison.OrdinalIgnoreCase)));
    }
}

internal enum ErasureOutcome
{
    Erased,
    /// <summary>An eraser failed: what ran is recorded, the contact stays, and the request is retried until done.</summary>
    Partial,
    /// <summary>The person was forgotten before: nothing is left to erase (zero of everything).</summary>
    AlreadyErased,
    NotConfirmed,
    NotFound,
}

/// <param name="Counts">What was removed, by kind (no values).</param>
/// <param name="FailedErasers">For <see cref="ErasureOutcome.Partial"/>: the erasers still to run.</param>
internal sealed record ErasureResult(ErasureOutcome Outcome, IReadOnlyDictionary<string, int>? Counts = null, IReadOnlyList<string>? FailedErasers = null)
{
    public int Total => Counts?.Values.Sum() ?? 0;
}

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// What the duplicate finder knows of one live contact: the fields people type differently for the same person. The
/// caller reads it from the directory (the contact's name, its email and phone identifiers, its company, and the values
/// of the traits the admin marked as "helps find duplicates"); the finder never reads storage itself, so it runs the
/// same on a full pass, on one changed contact, and in the benchmark.
/// </summary>
/// <param name="ContactId">The live contact's id; pairs are reported lower id first.</param>
/// <param name="DisplayName">The name as stored ("Bob Smith", "Smith, Robert", "J. Smith"); given and family name are not told apart.</param>
/// <param name="Emails">The contact's e-mail addresses as stored.</param>
/// <param name="Phones">Its phone numbers: E.164 where the engine normalised them, else as written.</param>
/// <param name="Company">The company as typed.</param>
/// <param name="Traits">
/// Trait key → value for the traits that help find duplicates. The key says what kind of value it is (a key naming a
/// birth date, a postcode, a street or a city is compared as one, see <see cref="TraitKinds"/>); any other key is
/// compared as plain text.
/// </param>
internal sealed record DuplicateCandidate(
    long ContactId,
    string? DisplayName,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    string? Company,
    IReadOnlyDictionary<string, string> Traits)
{
    private static readonly IReadOnlyDictionary<string, string> NoTraits = new Dictionary<string, string>();

    /// <summary>A candidate with a name and at most one of each, for callers (and tests) that hold no more.</summary>
    public static DuplicateCandidate Of(long contactId, string? name, string? email = null, string? phone = null, string? company = null,
        IReadOnlyDictionary<string, string>? traits = null) =>
        new(contactId, name, email is null ? [] : [email], phone is null ? [] : [phone], company, traits ?? NoTraits);
}

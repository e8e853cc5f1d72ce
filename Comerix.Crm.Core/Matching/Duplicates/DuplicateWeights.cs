namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// How much each kind of evidence counts, in points that add up (like log-odds: agreement adds, contradiction takes
/// away). A pair is proposed from <see cref="SuggestAt"/> points. The weights are set so that no single piece of
/// evidence gets there on its own, whatever it is: a shared switchboard number, a common name, a shared address are
/// each something many different people have. Two independent ones do (a name and a phone, a name and a birth date).
/// A name that clearly differs outweighs all the rest, which is what keeps twins and colleagues apart.
/// Tuned on the labelled generator (the dedupe benchmark), see docs/duplicates.md.
/// </summary>
internal static class DuplicateWeights
{
    /// <summary>Where the score crosses <see cref="DuplicateScorer.Threshold"/>.</summary>
    public const double SuggestAt = 8;

    /// <summary>
    /// The least a pair's own evidence must add up to for a third contact to carry it (<see cref="DuplicateCorroboration"/>):
    /// a name matching by its initial and nothing against, or more.
    /// </summary>
    public const double CorroboratedFrom = NameMatchesByInitial;

    // Names. Exact is less than name-plus-anything: "Maria Garcia" alone must stay below.
    public const double SameName = 6;
    public const double NameMatches = 5.5;
    public const double NameMatchesWithTwoTypos = 4.5;
    public const double NameMatchesByInitial = 4;
    public const double OneWordNameMatches = 1.5;
    public const double NamePartlyDiffers = -8;
    public const double NamesDiffer = -10;

    // How common a matching name is among the contacts compared (NameFrequencies). A name no one else is expected to
    // have (fewer than 0.1 namesakes by chance) is proposed on its own: among 20,000 contacts two "Quirin Vogelsang" are
    // one person far more often than not. A merely rare one needs any second signal, even a city; a common one more.
    public const double VeryRareName = 2.5;
    public const double RareName = 1.5;
    public const double UncommonName = 0.75;
    public const double CommonName = -1;

    // Phones. A number is shared by a household or a switchboard: strong, never enough alone.
    public const double SamePhone = 5;

    // E-mail. The same address is an identifier the engine already joined on; the same name at another provider is
    // strong when it is the person's own invention ("sunnyboy77"), weak when it only spells the name again.
    public const double SameEmail = 8;
    public const double SameEmailName = 5;
    public const double SameEmailNameSpellingTheName = 1;

    /// <summary>Instead of the names differing: one contact holds an address in the other's full name (EmailName.CompareWithOtherName).</summary>
    public const double EmailInTheOthersName = 5;

    // An e-mail name ending in the other contact's birth year (two digits): about one chance in sixty for a namesake.
    public const double EmailNameHoldsBirthYear = 3;

    public const double SameCompany = 4;

    // "Helps find duplicates" traits.
    public const double SameBirthDate = 4;
    public const double DifferentBirthDate = -5;
    public const double SameStreet = 2;
    public const double SamePostcode = 1.5;
    public const double SameCity = 1.75;
    public const double SameOtherTrait = 1.5;
}

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// How likely two contacts are one person, and why: each kind of evidence (name, phone, e-mail name, company, the
/// traits that help find duplicates) adds or takes away points (<see cref="DuplicateWeights"/>), and the total goes
/// through a logistic curve to a score between 0 and 1. Pure and thread-safe: no storage, no clock.
/// </summary>
internal static class DuplicateScorer
{
    /// <summary>
    /// The score from which a pair is proposed: 0.5, where the evidence reaches <see cref="DuplicateWeights.SuggestAt"/>
    /// points, i.e. two independent agreeing pieces of evidence and nothing against. On the labelled generator (20,000
    /// records with typos, nicknames, swaps, dropped fields and look-alike negatives), with the pairs carried through a
    /// third contact (<see cref="DuplicateCorroboration"/>), it gives precision 0.97 at recall 0.85. Lower thresholds buy
    /// little: 0.45 gives 0.96 at 0.86, 0.4 gives 0.91 at 0.88, because what lies below is mostly namesakes sharing a
    /// name and little else. The figures, and why recall stops there, are in docs/duplicates.md.
    /// </summary>
    public const double Threshold = 0.5;

    // Points either side of the threshold that move the score from 0.5 to about 0.88 (or 0.12).
    private const double Spread = 2;

    public static DuplicateScore Score(DuplicateCandidate a, DuplicateCandidate b) => Score(new PreparedCandidate(a), new PreparedCandidate(b));

    /// <param name="frequencies">
    /// How common names are among the contacts compared; without it (a pair on its own) a name counts the same whether
    /// rare or common.
    /// </param>
    public static DuplicateScore Score(PreparedCandidate a, PreparedCandidate b, NameFrequencies? frequencies = null)
    {
        var reasons = new List<string>(4);
        var points = 0.0;
        void Add(Evidence evidence)
        {
            if (evidence.Reason is not null)
            {
                points += evidence.Points;
                reasons.Add(evidence.Reason);
            }
        }
        var name = NameComparison.Compare(a.Name, b.Name, frequencies);
        // The names belong to two people, and one contact holds the other person's address: its name, and the traits
        // that contradict, may be its other person's.
        var held = name.Points < 0 ? EmailName.CompareWithOtherName(a, b) : Evidence.Nothing;
        var heldAddress = held.Reason is not null;
        if (heldAddress)
        {
            name = held;
        }
        Add(name);
        if (frequencies is not null && name.Points >= DuplicateWeights.NameMatchesWithTwoTypos)
        {
            Add(frequencies.Rarity(a.Name, b.Name));
        }
        Add(PhoneDigits.Compare(a.PhoneDigitStrings, b.PhoneDigitStrings, a.PhonesWritten, b.PhonesWritten));
        Add(EmailName.Compare(a.Emails, b.Emails, a.Name, b.Name));
        var year = EmailName.CompareYear(a.Emails, b.Traits);
        Add(year.Reason is null ? EmailName.CompareYear(b.Emails, a.Traits) : year);
        Add(CompanyName.Compare(a.Company, b.Company));
        foreach (var evidence in PreparedTrait.Compare(a.Traits, b.Traits))
        {
            if (!heldAddress || evidence.Points > 0)
            {
                Add(evidence);
            }
        }
        return new DuplicateScore(ToScore(points), points, reasons);
    }

    /// <summary>Points to a score: 0.5 at <see cref="DuplicateWeights.SuggestAt"/>, towards 1 above it and towards 0 below.</summary>
    public static double ToScore(double points) => 1 / (1 + Math.Exp(-(points - DuplicateWeights.SuggestAt) / Spread));
}

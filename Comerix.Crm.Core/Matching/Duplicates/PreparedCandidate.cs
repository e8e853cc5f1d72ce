namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// A candidate with everything the scorer compares worked out once (folded name words, phone digits, e-mail names,
/// company, trait forms): a full pass compares each contact with dozens of others, and folding text is the costly part.
/// </summary>
internal sealed class PreparedCandidate
{
    public PreparedCandidate(DuplicateCandidate candidate)
    {
        Candidate = candidate;
        Name = PersonName.Parse(candidate.DisplayName);
        var phones = new List<string>(candidate.Phones.Count);
        var written = new List<string>(candidate.Phones.Count);
        foreach (var phone in candidate.Phones)
        {
            if (PhoneDigits.Of(phone) is { Length: > 0 } digits)
            {
                phones.Add(digits);
                written.Add(phone.Trim());
            }
        }
        PhoneDigitStrings = phones;
        PhonesWritten = written;
        Emails = candidate.Emails.Select(EmailName.Parse).OfType<EmailName>().ToList();
        EmailAddresses = candidate.Emails.Select(e => e.Trim().ToLowerInvariant()).ToList();
        Company = CompanyName.Normalize(candidate.Company);
        Traits = candidate.Traits
            .Select(t => new PreparedTrait(t.Key, TraitKinds.Of(t.Key), TraitKinds.Forms(TraitKinds.Of(t.Key), t.Value)))
            .Where(t => t.Forms.Count > 0)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
    }

    public DuplicateCandidate Candidate { get; }
    public long Id => Candidate.ContactId;
    public PersonName Name { get; }
    public IReadOnlyList<string> PhoneDigitStrings { get; }
    public IReadOnlyList<string> PhonesWritten { get; }
    public IReadOnlyList<EmailName> Emails { get; }
    public IReadOnlyList<string> EmailAddresses { get; }
    public string Company { get; }
    public IReadOnlyList<PreparedTrait> Traits { get; }

    /// <summary>
    /// True when the two hold one identifier (the same e-mail address or the same phone as stored): such contacts are
    /// the identity engine's to join or to queue for review, not a guess of the finder's.
    /// </summary>
    public bool SharesIdentifierWith(PreparedCandidate other) =>
        AnyEqual(EmailAddresses, other.EmailAddresses) || AnyEqual(Candidate.Phones, other.Candidate.Phones);

    // Loops rather than LINQ: asked for every blocked pair of a full pass.
    private static bool AnyEqual(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < b.Count; j++)
            {
                if (string.Equals(a[i], b[j], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }
}

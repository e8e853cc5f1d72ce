namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// The part of an e-mail address before the '@', as the person chose it: lower case, a "+tag" dropped, dots, dashes
/// and underscores ignored (Gmail ignores dots, and people drop them when they write the name at another provider).
/// The same name at another provider is someone moving mailbox or using a work and a private one.
/// </summary>
/// <param name="Name">The compared form ("john.smith+crm@gmail.com" → "johnsmith").</param>
/// <param name="Domain">The provider, lower case.</param>
/// <param name="Address">The whole address lower-cased, to tell the same address from the same name.</param>
internal sealed record EmailName(string Name, string Domain, string Address)
{
    /// <summary>
    /// The two digits that end the name ("anna.berg84", "ignacio71"), which people often take from their birth year;
    /// null when the name does not end in exactly two digits.
    /// </summary>
    public string? TrailingYear { get; } = Name.Length > 2 && char.IsAsciiDigit(Name[^1]) && char.IsAsciiDigit(Name[^2]) && !char.IsAsciiDigit(Name[^3])
        ? Name[^2..] : null;

    // Shared mailboxes and role names say nothing about who wrote from them.
    private static readonly HashSet<string> RoleNames = new(StringComparer.Ordinal)
    {
        "info", "contact", "office", "admin", "sales", "hello", "mail", "email", "kontakt", "support", "service", "team",
        "billing", "noreply", "post", "postmaster", "webmaster", "enquiries", "inquiries", "accounts", "hr", "jobs", "buero",
        "bureau", "contacto", "test", "privat", "private", "home", "family", "familie",
    };

    /// <summary>Names shorter than this ("js", "bob") are shared by too many people to count.</summary>
    private const int MinLength = 4;

    /// <returns>Null for something that is not an address, or whose name is a role or too short to tell people apart.</returns>
    public static EmailName? Parse(string email)
    {
        var address = email.Trim().ToLowerInvariant();
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return null;
        }
        var local = address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            local = local[..plus];
        }
        var name = string.Concat(local.Where(c => c is not ('.' or '-' or '_')));
        return name.Length < MinLength || RoleNames.Contains(name) ? null : new EmailName(name, address[(at + 1)..], address);
    }

    /// <summary>
    /// True when the name only spells the person's name ("johnsmith", "smithj", "jsmith"): two different John Smiths
    /// at two providers write just that, so it adds little to a name that already matches.
    /// </summary>
    public bool SpellsName(PersonName person)
    {
        if (person.IsEmpty || Name.Any(char.IsAsciiDigit))
        {
            return false;
        }
        var words = person.Words;
        for (var f = 0; f < words.Count; f++)
        {
            for (var l = 0; l < words.Count; l++)
            {
                if (f == l && words.Count > 1)
                {
                    continue;
                }
                var (first, last) = (words[f], words[l]);
                if (Name == first + last || Name == first[0] + last || Name == first + last[0] || Name == last)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// True when the name is exactly two of the person's words run together ("nicolaskrause", "krausenicolas"): strict,
    /// because it is used to tell whose address this is even when the contact holding it goes by another name.
    /// </summary>
    public bool SpellsFullName(PersonName person)
    {
        var words = person.Words;
        for (var f = 0; f < words.Count; f++)
        {
            for (var l = 0; l < words.Count; l++)
            {
                if (f != l && words[f].Length > 1 && words[l].Length > 1 && Name.Length == words[f].Length + words[l].Length
                    && Name.StartsWith(words[f], StringComparison.Ordinal) && Name.EndsWith(words[l], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// When two contacts' names differ: one holds an address in the other's full name that is not in its own, e.g. a
    /// contact an import joined with a colleague's record through a shared switchboard number ("Carlos Frank" holding
    /// nicolas.krause@…). That address is the other person's, and so are the records that brought it.
    /// </summary>
    public static Evidence CompareWithOtherName(PreparedCandidate a, PreparedCandidate b)
    {
        static bool Holds(PreparedCandidate holder, PreparedCandidate named) =>
            !named.Name.IsEmpty && holder.Emails.Any(e => e.SpellsFullName(named.Name) && !e.SpellsFullName(holder.Name));
        return Holds(a, b) || Holds(b, a)
            ? new Evidence(DuplicateWeights.EmailInTheOthersName, "an e-mail address of one is in the other's name")
            : Evidence.Nothing;
    }

    public static Evidence Compare(IReadOnlyList<EmailName> a, IReadOnlyList<EmailName> b, PersonName nameA, PersonName nameB)
    {
        var best = Evidence.Nothing;
        foreach (var left in a)
        {
            foreach (var right in b)
            {
                if (left.Address == right.Address)
                {
                    return new Evidence(DuplicateWeights.SameEmail, "same e-mail");
                }
                if (left.Name != right.Name)
                {
                    continue;
                }
                var evidence = left.SpellsName(nameA) || right.SpellsName(nameB)
                    ? new Evidence(DuplicateWeights.SameEmailNameSpellingTheName, "same e-mail name at another provider (it spells the name)")
                    : new Evidence(DuplicateWeights.SameEmailName, "same e-mail name at another provider");
                if (evidence.Points > best.Points)
                {
                    best = evidence;
                }
            }
        }
        return best;
    }

    /// <summary>
    /// An e-mail name on one contact ending in the two digits of the other's birth year ("anna.berg84" against a birth
    /// date in 1984): a namesake born in another year matches that by chance about once in sixty.
    /// </summary>
    /// <param name="birthDates">The other contact's birth dates as yyyyMMdd.</param>
    public static Evidence CompareYear(IReadOnlyList<EmailName> emails, IReadOnlyList<PreparedTrait> traits)
    {
        foreach (var email in emails)
        {
            if (email.TrailingYear is not { } year)
            {
                continue;
            }
            foreach (var trait in traits)
            {
                if (trait.Kind == TraitKind.BirthDate && trait.Forms.Any(f => f.Length == 8 && f.AsSpan(2, 2).SequenceEqual(year)))
                {
                    return new Evidence(DuplicateWeights.EmailNameHoldsBirthYear, "the e-mail name holds the birth year");
                }
            }
        }
        return Evidence.Nothing;
    }
}

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// Writes one record of a person: the first as the person gave it (fields may be missing), each later one with the
/// corruptions <see cref="LabelledPeopleGenerator"/> describes. Keeps the cluster's e-mail addresses and phone lines
/// apart, so only the deliberate "same number written another way" lets the import join two records of one person.
/// </summary>
internal sealed class RecordWriter(Random random, Corruptions corrupt, GeneratedPerson person, bool duplicate)
{
    /// <param name="emails">Every address written so far, of any person: an address is one mailbox, so never written twice.</param>
    /// <param name="clusterPhones">The lines already written for this person.</param>
    public LabelledRecord Write(string cluster, string recordId, HashSet<string> emails, HashSet<string> clusterPhones)
    {
        var (first, last) = Names();
        var email = Email(emails);
        var phone = Phone(clusterPhones);
        var company = person.Employer is { } employer && Keep(0.7)
            ? (random.Next(3) == 0 ? employer.Name.ToUpperInvariant() : $"{employer.Name} {employer.LegalForm}")
            : "";
        var birth = Keep(0.6) ? corrupt.DateWritten(person.BirthDate) : "";
        var keepAddress = Keep(0.65);
        var street = keepAddress ? (duplicate && random.NextDouble() < 0.3 ? Corruptions.Abbreviated(person.Street) : person.Street) : "";
        var city = keepAddress || Keep(0.3) ? PeoplePools.Cities[person.City].City : "";
        var postcode = keepAddress ? person.Postcode : "";
        return new LabelledRecord(recordId, cluster, first, last, email, phone, company, birth, postcode, city, street);
    }

    private (string First, string Last) Names()
    {
        var (given, family) = (person.Given, person.Family);
        if (!duplicate)
        {
            return (given, family);
        }
        if (random.NextDouble() < 0.25 && corrupt.Nickname(given) is { } nickname)
        {
            given = nickname;
        }
        else if (random.NextDouble() < 0.08)
        {
            given = given[0] + ".";
        }
        if (random.NextDouble() < 0.25)
        {
            if (random.NextDouble() < 0.5)
            {
                family = corrupt.Typo(family);
            }
            else
            {
                given = corrupt.Typo(given);
            }
        }
        if (random.NextDouble() < 0.6)
        {
            (given, family) = (corrupt.WithoutAccents(given), corrupt.WithoutAccents(family));
        }
        if (random.NextDouble() < 0.05)
        {
            (given, family) = (given.ToUpperInvariant(), family.ToUpperInvariant());
        }
        return random.NextDouble() < 0.1 ? (family, given) : (given, family);
    }

    private string Email(HashSet<string> emails)
    {
        string email;
        if (!duplicate)
        {
            email = Keep(0.85) ? $"{person.EmailName}@{person.EmailProvider}" : "";
        }
        else
        {
            var roll = random.NextDouble();
            email = roll < 0.45 ? $"{person.EmailName}@{OtherProvider()}"
                : roll < 0.6 && person.Employer is { } employer ? $"{LabelledPeopleGenerator.Ascii(person.Given)}.{LabelledPeopleGenerator.Ascii(person.Family)}@{employer.Domain}"
                : "";
        }
        // One address is one identifier: the import would join the records by it (and one mailbox is one person's).
        return email.Length > 0 && emails.Add(email) ? email : "";
    }

    private string OtherProvider()
    {
        string provider;
        do
        {
            provider = PeoplePools.Providers[random.Next(PeoplePools.Providers.Length)];
        }
        while (provider == person.EmailProvider);
        return provider;
    }

    private string Phone(HashSet<string> clusterPhones)
    {
        var numbers = new[] { person.Mobile, person.Landline }.OfType<(string Area, string Line)>().ToList();
        if (numbers.Count == 0 || (duplicate && !Keep(0.6)))
        {
            return "";
        }
        var style = random.Next(7);
        if (duplicate && random.NextDouble() < 0.1 && clusterPhones.Count > 0)
        {
            // The deliberate exception: a number already written for this person, written another way.
            var again = numbers.FirstOrDefault(n => clusterPhones.Contains(n.Area + n.Line));
            return again.Area is null ? "" : Corruptions.PhoneWritten(again, style);
        }
        var unused = numbers.Where(n => !clusterPhones.Contains(n.Area + n.Line)).ToList();
        if (unused.Count == 0)
        {
            return "";
        }
        var number = unused[random.Next(unused.Count)];
        clusterPhones.Add(number.Area + number.Line);
        return Corruptions.PhoneWritten(number, style);
    }

    private bool Keep(double probability) => random.NextDouble() < probability;
}

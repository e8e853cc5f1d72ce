using System.Globalization;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// A labelled directory for measuring the duplicate finder: people ("clusters") written down one to four times with
/// controlled corruptions, and people who are not one another but look alike. Deterministic for a seed.
/// <para>
/// Duplicates (every record after a person's first): a typo in a name (25%), a nickname (25% where the name has one),
/// an initial for the given name (8%), given and family name swapped between the columns (10%), accents dropped or
/// transliterated (60% of names with accents), the e-mail at another provider (35%), a work address instead (15%), or
/// none (40%), the phone another of the person's numbers or none, the same number written another way (10%, which the
/// import joins by itself), each of company, birth date and address dropped (40–50%), dates and streets written another way.
/// </para>
/// <para>
/// Records of one person never share an e-mail address, and share a phone number only in that 10%: the rest are
/// findable only by the finder. Hard negatives: twins (same family name, birth date, address and landline, another
/// given name), colleagues (same company, mail domain and switchboard), and namesakes (people with the commonest names: Maria Müller, John Smith,
/// Maria Garcia), besides the namesakes a skewed draw of common names makes by itself.
/// </para>
/// </summary>
internal sealed class LabelledPeopleGenerator
{
    // Namesakes take their given and family names from the first this many of each pool, the commonest.
    private const int CommonNames = 12;

    private readonly Random _random;
    private readonly Corruptions _corrupt;
    private readonly List<GeneratedPerson> _people = [];
    private readonly List<Company> _companies = [];
    private readonly List<LabelledRecord> _records = [];
    private readonly HashSet<string> _emails = new(StringComparer.OrdinalIgnoreCase);
    private int _cluster;

    public LabelledPeopleGenerator(int seed = 20)
    {
        _random = new Random(seed);
        _corrupt = new Corruptions(_random);
        for (var i = 0; i < 400; i++)
        {
            var word = PeoplePools.CompanyWords[i % PeoplePools.CompanyWords.Length];
            var kind = PeoplePools.CompanyKinds[i / PeoplePools.CompanyWords.Length % PeoplePools.CompanyKinds.Length];
            var name = i < 300 ? $"{word} {kind}" : $"{word} {kind} {i}";
            var city = PeoplePools.Cities[_random.Next(PeoplePools.Cities.Length)];
            _companies.Add(new Company(name, Pick(PeoplePools.LegalForms), $"{name.ToLowerInvariant().Replace(' ', '-').Replace("ü", "ue", StringComparison.Ordinal)}.de",
                (city.AreaCode, Digits(8 - city.AreaCode.Length) + "0")));
        }
    }

    /// <summary>Clusters until there are at least <paramref name="records"/> records.</summary>
    public IReadOnlyList<LabelledRecord> Generate(int records)
    {
        while (_records.Count < records)
        {
            var roll = _random.NextDouble();
            if (roll < 0.04)
            {
                Twins();
            }
            else if (roll < 0.09)
            {
                Colleagues();
            }
            else if (roll < 0.13)
            {
                // A namesake: another person with one of the commonest names (Maria Müller, John Smith, Maria Garcia).
                var person = NewPerson() with
                {
                    Given = PeoplePools.GivenNames[_random.Next(CommonNames)], Family = PeoplePools.FamilyNames[_random.Next(CommonNames)],
                };
                Write(person with { EmailName = PrivateName(person) }, RecordCount());
            }
            else
            {
                Write(NewPerson(), RecordCount());
            }
        }
        return _records;
    }

    private void Twins()
    {
        var first = NewPerson();
        var given = first.Given;
        while (given == first.Given || given[0] == first.Given[0])
        {
            given = Pick(PeoplePools.GivenNames);
        }
        // The twin's own mobile; the landline only on the first, or (30%) on both, which the import then joins.
        var second = NewPerson() with
        {
            Given = given, Family = first.Family, BirthDate = first.BirthDate, City = first.City, Postcode = first.Postcode,
            Street = first.Street, Landline = _random.NextDouble() < 0.3 ? first.Landline : null, Employer = null,
        };
        Write(first, RecordCount(max: 2));
        Write(second with { EmailName = PrivateName(second) }, RecordCount(max: 2));
    }

    private void Colleagues()
    {
        var employer = _companies[_random.Next(_companies.Count)];
        var first = NewPerson() with { Employer = employer, EmailName = "", EmailProvider = employer.Domain };
        var second = NewPerson() with { Employer = employer, EmailName = "", EmailProvider = employer.Domain };
        // Both write the switchboard (40%: the import joins them), or the other its direct line (same prefix).
        var shared = _random.NextDouble() < 0.4;
        var direct = (employer.Switchboard.Area, employer.Switchboard.Line[..^1] + Digits(2));
        Write(first with { Landline = employer.Switchboard, Mobile = null, EmailName = WorkName(first) }, RecordCount(max: 2));
        Write(second with { Landline = shared ? employer.Switchboard : direct, Mobile = null, EmailName = WorkName(second) }, RecordCount(max: 2));
    }

    private GeneratedPerson NewPerson()
    {
        var city = _random.Next(PeoplePools.Cities.Length);
        var given = Skewed(PeoplePools.GivenNames, 0.5);
        var family = Skewed(PeoplePools.FamilyNames, 0.6);
        var birth = new DateOnly(1940, 1, 1).AddDays(_random.Next(365 * 65));
        var area = PeoplePools.Cities[city].AreaCode;
        (string, string)? landline = _random.NextDouble() < 0.5 ? (area, Digits(8 - area.Length)) : null;
        (string, string)? mobile = _random.NextDouble() < 0.75 || landline is null ? (Pick(["151", "152", "157", "160", "170", "171", "176"]), Digits(8)) : null;
        var employer = _random.NextDouble() < 0.55 ? _companies[_random.Next(_companies.Count)] : null;
        var person = new GeneratedPerson(given, family, birth, city, Postcode(city), $"{Pick(PeoplePools.Streets)} {_random.Next(1, 120)}",
            landline, mobile, "", Pick(PeoplePools.Providers), employer);
        _people.Add(person);
        return person with { EmailName = PrivateName(person) };
    }

    /// <summary>The mailbox name a person picks: their name in one of the usual spellings, sometimes with a year, or an invented handle.</summary>
    private string PrivateName(GeneratedPerson person)
    {
        var (g, f) = (Ascii(person.Given), Ascii(person.Family));
        var year = (person.BirthDate.Year % 100).ToString("D2", CultureInfo.InvariantCulture);
        return _random.Next(8) switch
        {
            0 => $"{g}.{f}",
            1 => $"{g}{f}",
            2 => $"{g[0]}.{f}",
            3 => $"{g}.{f}{year}",
            4 => $"{g}_{f}{_random.Next(1, 99)}",
            5 => $"{f}.{g}",
            6 => $"{Pick(PeoplePools.Handles)}{_random.Next(1, 999)}",
            _ => $"{g}{year}",
        };
    }

    private static string WorkName(GeneratedPerson person) => $"{Ascii(person.Given)}.{Ascii(person.Family)}";

    /// <summary>Writes a person down <paramref name="count"/> times, every time after the first with corruptions.</summary>
    private void Write(GeneratedPerson person, int count)
    {
        var cluster = "c" + (++_cluster).ToString(CultureInfo.InvariantCulture);
        var phones = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = new RecordWriter(_random, _corrupt, person, duplicate: i > 0).Write(cluster, $"r{_records.Count + 1}", _emails, phones);
            _records.Add(record);
        }
    }

    private int RecordCount(int max = 4)
    {
        var roll = _random.NextDouble();
        var count = roll < 0.5 ? 1 : roll < 0.8 ? 2 : roll < 0.93 ? 3 : 4;
        return Math.Min(count, max);
    }

    private string Postcode(int city) => PeoplePools.Cities[city].PostcodePrefix + _random.Next(0, 30).ToString("D3", CultureInfo.InvariantCulture);

    private string Digits(int count) =>
        (char)('1' + _random.Next(9)) + string.Concat(Enumerable.Range(1, count - 1).Select(_ => (char)('0' + _random.Next(10))));

    private string Pick(string[] pool) => pool[_random.Next(pool.Length)];

    /// <summary>A Zipf-like draw: the first names of the pool far more often than the last, as in a real population.</summary>
    private string Skewed(string[] pool, double exponent)
    {
        var u = _random.NextDouble();
        var index = (int)(pool.Length * Math.Pow(u, 1 / (1 - exponent + 1e-9) / 1.5));
        return pool[Math.Clamp(index, 0, pool.Length - 1)];
    }

    internal static string Ascii(string name) =>
        new(Matching.Duplicates.TextFolding.Squash(name).Where(char.IsAsciiLetterOrDigit).ToArray());
}

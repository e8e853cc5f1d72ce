using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Tests.Identity.Duplicates;

/// <summary>
/// Each kind of evidence reaches the threshold with one supporting signal beside it, and the look-alikes (twins, a
/// common name, a shared switchboard) stay below, with reasons that name the evidence and never the values.
/// </summary>
public sealed class DuplicateScorerTests
{
    private static readonly Dictionary<string, string> NoTraits = [];

    private static Dictionary<string, string> Born(string date) => new() { ["birth_date"] = date };

    private static DuplicateScore Score(DuplicateCandidate a, DuplicateCandidate b) => DuplicateScorer.Score(a, b);

    private static void AssertSuggested(DuplicateScore score, string reason)
    {
        Assert.True(score.IsSuggested, $"{score.Value:F2} ({score.Points} points): {string.Join("; ", score.Reasons)}");
        Assert.Contains(score.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
    }

    private static void AssertNotSuggested(DuplicateScore score) =>
        Assert.False(score.IsSuggested, $"{score.Value:F2} ({score.Points} points): {string.Join("; ", score.Reasons)}");

    [Fact]
    public void AContactHoldingAColleaguesAddressMatchesThatColleagueButNotTheOthers()
    {
        // An import joined Carlos's record with Nicolas's through their office's switchboard number: the contact is
        // called Carlos Frank and holds Nicolas's work address (and Carlos's birth date).
        var joined = new DuplicateCandidate(1, "Carlos Frank", ["carlos.frank@gruen-bau.de", "nicolas.krause@gruen-bau.de"], [],
            "Grün Bau GmbH", Born("1967-10-20"));

        var nicolas = Score(joined, new DuplicateCandidate(2, "Nicolas Krause", ["nicolas.krause@gmx.de"], [], "Grün Bau", Born("1980-01-01")));
        AssertSuggested(nicolas, "an e-mail address of one is in the other's name");
        Assert.DoesNotContain("different dates of birth", nicolas.Reasons);

        AssertNotSuggested(Score(joined, new DuplicateCandidate(3, "Julia Jung", ["julia.jung@gruen-bau.de"], [], "Grün Bau", NoTraits)));
        // An address only in one's own name says nothing about another person of the company.
        AssertNotSuggested(Score(new DuplicateCandidate(4, "Nicolas Krause", ["nicolas.krause@gruen-bau.de"], [], "Grün Bau", NoTraits),
            new DuplicateCandidate(5, "Julia Jung", ["julia.jung@gmx.de"], [], "Grün Bau", NoTraits)));
    }

    [Fact]
    public void TypoInTheNameWithTheSameBirthDate()
    {
        var score = Score(DuplicateCandidate.Of(1, "Catherine Zeller", traits: Born("1984-03-07")),
            DuplicateCandidate.Of(2, "Cathrine Zeller", traits: Born("07.03.1984")));
        AssertSuggested(score, "names match (a typo)");
        Assert.Contains("same date of birth", score.Reasons);
    }

    [Fact]
    public void TransposedLettersWithTheSamePhoneWrittenDifferently()
    {
        var score = Score(DuplicateCandidate.Of(1, "Robert Schmidt", phone: "+49 30 1234567"),
            DuplicateCandidate.Of(2, "Robert Schmdit", phone: "030/1234567"));
        AssertSuggested(score, "names match (a typo)");
        Assert.Contains("same phone, written differently", score.Reasons);
    }

    [Fact]
    public void NicknameWithTheSameCompany()
    {
        var score = Score(DuplicateCandidate.Of(1, "Bob Smith", company: "Acme GmbH"), DuplicateCandidate.Of(2, "Robert Smith", company: "ACME"));
        AssertSuggested(score, "nickname");
        Assert.Contains("same company", score.Reasons);
    }

    [Theory]
    [InlineData("Sepp Huber", "Josef Huber")]
    [InlineData("Paco Ruiz", "Francisco Ruiz")]
    [InlineData("Peggy Olson", "Margaret Olson")]
    [InlineData("Bill Turner", "William Turner")]
    public void NicknamesOfSeveralLanguagesMatch(string nickname, string full)
    {
        var score = Score(DuplicateCandidate.Of(1, nickname, traits: Born("1970-01-02")), DuplicateCandidate.Of(2, full, traits: Born("1970-01-02")));
        AssertSuggested(score, "nickname");
    }

    [Fact]
    public void InitialWithTheSamePhone()
    {
        var score = Score(DuplicateCandidate.Of(1, "J. Smith", phone: "+4915123456789"), DuplicateCandidate.Of(2, "John Smith", phone: "0049 151 2345 6789"));
        AssertSuggested(score, "initial");
    }

    [Fact]
    public void AccentsDroppedWithTheSameEmailNameAtAnotherProvider()
    {
        var score = Score(DuplicateCandidate.Of(1, "José Núñez", email: "pepe1971@gmail.com"), DuplicateCandidate.Of(2, "Jose Nunez", email: "pepe1971@web.de"));
        AssertSuggested(score, "accents differ");
        Assert.Contains("same e-mail name at another provider", score.Reasons);
    }

    [Fact]
    public void TransliteratedUmlautMatchesAsAccents()
    {
        var score = Score(DuplicateCandidate.Of(1, "Jürgen Müller", traits: Born("1960-05-05")), DuplicateCandidate.Of(2, "Juergen Mueller", traits: Born("5.5.1960")));
        AssertSuggested(score, "accents differ");
    }

    [Theory]
    [InlineData("Smith, John")]
    [InlineData("SMITH John")]
    public void ReorderedNamesWithTheSameBirthDate(string reordered)
    {
        var score = Score(DuplicateCandidate.Of(1, reordered, traits: Born("1990-12-01")), DuplicateCandidate.Of(2, "John Smith", traits: Born("1990-12-01")));
        AssertSuggested(score, "given and family name swapped");
    }

    [Fact]
    public void SameEmailNameGmailDotsAndTagsIgnored()
    {
        var score = Score(DuplicateCandidate.Of(1, "Anna Kowalski", email: "sunny.boy77+crm@gmail.com"), DuplicateCandidate.Of(2, "Anna Kowalski", email: "sunnyboy77@gmx.de"));
        AssertSuggested(score, "same e-mail name at another provider");
    }

    [Fact]
    public void AnEmailNameThatOnlySpellsTheNameCountsLittle()
    {
        var spelled = Score(DuplicateCandidate.Of(1, "Maria Garcia", email: "maria.garcia@gmail.com"), DuplicateCandidate.Of(2, "Maria Garcia", email: "mariagarcia@web.de"));
        AssertNotSuggested(spelled);
        Assert.Contains("same e-mail name at another provider (it spells the name)", spelled.Reasons);
    }

    [Fact]
    public void CompanyWithoutItsLegalFormWithATypoInTheName()
    {
        var score = Score(DuplicateCandidate.Of(1, "Katharina Bergmann", company: "Nordlicht Software GmbH & Co. KG"),
            DuplicateCandidate.Of(2, "Katharina Bergman", company: "nordlicht software"));
        AssertSuggested(score, "same company");
    }

    [Fact]
    public void AddressTraitsWithTheSameName()
    {
        var home = new Dictionary<string, string> { ["street"] = "Hauptstraße 5", ["postcode"] = "10115", ["city"] = "Berlin" };
        var written = new Dictionary<string, string> { ["street"] = "Hauptstr. 5", ["postcode"] = "10115", ["city"] = "berlin" };
        var score = Score(DuplicateCandidate.Of(1, "Peter Brandt", traits: home), DuplicateCandidate.Of(2, "Peter Brandt", traits: written));
        AssertSuggested(score, "same street address");
    }

    [Fact]
    public void TwinsStayBelow()
    {
        var home = new Dictionary<string, string> { ["birth_date"] = "2001-02-03", ["street"] = "Gartenweg 2", ["postcode"] = "80331", ["city"] = "München" };
        var score = Score(new DuplicateCandidate(1, "Anna Schmidt", ["anna.schmidt@web.de"], ["+49 89 1234567"], null, home),
            new DuplicateCandidate(2, "Lena Schmidt", ["lena.schmidt@web.de"], ["089 1234567"], null, home));
        AssertNotSuggested(score);
        Assert.Contains("one name matches, another differs", score.Reasons);
    }

    [Theory]
    [InlineData("Paul Meyer", "Paula Meyer")]
    [InlineData("Mario Rossi", "Maria Rossi")]
    [InlineData("Jan Kowalski", "Jana Kowalski")]
    public void NamesOfABrotherAndASisterAreNotATypo(string brother, string sister)
    {
        var home = new Dictionary<string, string> { ["street"] = "Gartenweg 2", ["postcode"] = "80331", ["city"] = "München" };
        AssertNotSuggested(Score(DuplicateCandidate.Of(1, brother, phone: "+49 89 1234567", traits: home),
            DuplicateCandidate.Of(2, sister, phone: "+49 89 1234567", traits: home)));
    }

    [Fact]
    public void ACommonNameAloneStaysBelowEvenInOneCity()
    {
        var city = new Dictionary<string, string> { ["city"] = "Madrid" };
        AssertNotSuggested(Score(DuplicateCandidate.Of(1, "Maria Garcia", "mgarcia@gmail.com", "+34 612 345 678", traits: city),
            DuplicateCandidate.Of(2, "Maria Garcia", "maria.g@yahoo.es", "+34 699 111 222", traits: city)));
    }

    [Fact]
    public void ASharedSwitchboardAndCompanyAloneStayBelow()
    {
        var score = Score(DuplicateCandidate.Of(1, "Jane Doe", "jane.doe@acme.com", "+1 212 555 0100", "Acme Inc."),
            DuplicateCandidate.Of(2, "John Roe", "john.roe@acme.com", "+1 (212) 555-0100", "ACME"));
        AssertNotSuggested(score);
        Assert.Contains("same phone, written differently", score.Reasons);
    }

    [Fact]
    public void DifferentBirthDatesCountAgainst()
    {
        var same = Score(DuplicateCandidate.Of(1, "Tom Baker", phone: "+44 20 7946 0958"), DuplicateCandidate.Of(2, "Thomas Baker", phone: "020 7946 0958"));
        var born = Score(DuplicateCandidate.Of(1, "Tom Baker", phone: "+44 20 7946 0958", traits: Born("1950-01-01")),
            DuplicateCandidate.Of(2, "Thomas Baker", phone: "020 7946 0958", traits: Born("1980-06-30")));
        Assert.True(same.IsSuggested);
        AssertNotSuggested(born);
        Assert.Contains("different dates of birth", born.Reasons);
    }

    [Fact]
    public void ReasonsNameTheEvidenceNeverTheValues()
    {
        var traits = new Dictionary<string, string> { ["birth_date"] = "1984-03-07", ["postcode"] = "10115", ["loyalty_no"] = "X-99812" };
        var score = Score(new DuplicateCandidate(1, "Bob Smith", ["sunnyboy77@gmail.com"], ["+49 30 1234567"], "Acme", traits),
            new DuplicateCandidate(2, "Robert Smith", ["sunnyboy77@web.de"], ["030 1234567"], "Acme GmbH", traits));
        Assert.True(score.IsSuggested);
        Assert.Contains("same loyalty no", score.Reasons);
        foreach (var value in new[] { "bob", "robert", "smith", "sunnyboy", "1234567", "acme", "1984", "10115", "99812" })
        {
            Assert.DoesNotContain(score.Reasons, r => r.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void TheScoreIsSymmetricAndBetweenZeroAndOne()
    {
        var a = DuplicateCandidate.Of(1, "Smith, Bob", "bob@x.org", "+49 30 1234567", "Acme", Born("1984-03-07"));
        var b = DuplicateCandidate.Of(2, "Robert Smiht", "bob@y.org", "030 1234567", null, NoTraits);
        Assert.Equal(Score(a, b).Value, Score(b, a).Value, 10);
        Assert.InRange(Score(a, b).Value, 0, 1);
    }

    [Fact]
    public void EmailNameEndingInTheOthersBirthYear()
    {
        var mail = DuplicateCandidate.Of(1, "Ignacio Chávez", email: "ignacio71@outlook.com");
        AssertSuggested(Score(mail, DuplicateCandidate.Of(2, "Ignacio Chávez", traits: Born("12.05.1971"))), "the e-mail name holds the birth year");
        AssertNotSuggested(Score(mail, DuplicateCandidate.Of(2, "Ignacio Chávez", traits: Born("12.05.1972"))));
    }

    [Fact]
    public void SamePostcodeAndCityCountNothingWhenTheStreetsDiffer()
    {
        static Dictionary<string, string> Lives(string street) => new() { ["street"] = street, ["postcode"] = "01007", ["city"] = "Dresden" };
        var john = DuplicateCandidate.Of(1, "John Müller", traits: Lives("Gartenstraße 47"));
        AssertNotSuggested(Score(john, DuplicateCandidate.Of(2, "Jon Mueller", traits: Lives("Kastanienallee 68"))));
        AssertSuggested(Score(john, DuplicateCandidate.Of(2, "Jon Mueller", traits: Lives("Gartenstr. 47"))), "same postcode");
    }

    [Fact]
    public void AnInitialWithTheSameCompany()
    {
        var score = Score(DuplicateCandidate.Of(1, "J. Whitaker", company: "Adler Software KG"), DuplicateCandidate.Of(2, "John Whitaker", company: "ADLER SOFTWARE"));
        AssertSuggested(score, "same company");
        AssertNotSuggested(Score(DuplicateCandidate.Of(1, "Jane Whitaker", company: "Adler Software KG"),
            DuplicateCandidate.Of(2, "John Whitaker", company: "ADLER SOFTWARE")));
    }
}

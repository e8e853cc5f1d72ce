using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Tests.Identity.Duplicates;

/// <summary>Folding, parsing and word comparison: the pieces the name evidence is built of.</summary>
public sealed class NameTextTests
{
    [Theory]
    [InlineData("José Núñez", "jose nunez")]
    [InlineData("ÖZTÜRK, Şahin", "ozturk sahin")]
    [InlineData("Søren Groß-Weiß", "soren gross weiss")]
    [InlineData("O'Brien", "obrien")]
    [InlineData("Łukasz Wiśniewski", "lukasz wisniewski")]
    [InlineData("Nguyễn Thị Minh", "nguyen thi minh")]
    public void FoldingDropsAccentsCaseAndPunctuationUnderInvariantGlobalization(string written, string folded) =>
        Assert.Equal(folded, TextFolding.Fold(written));

    [Theory]
    [InlineData("Dr. Maria de la Cruz", new[] { "maria", "cruz" })]
    [InlineData("Mr John Smith Jr.", new[] { "john", "smith" })]
    [InlineData("Smith, J.", new[] { "smith", "j" })]
    [InlineData("Jean-Pierre Dupont", new[] { "jean", "pierre", "dupont" })]
    public void ParsingKeepsTheNameWordsAndInitials(string written, string[] words) =>
        Assert.Equal(words, PersonName.Parse(written).Words);

    [Theory]
    [InlineData("catherine", "cathrine", "Typo")]
    [InlineData("schmidt", "schmdit", "Typo")]
    [InlineData("park", "pak", "Typo")]
    [InlineData("peetrov", "petrrov", "Typo")]
    [InlineData("mulelr", "mueller", "Typo")]
    [InlineData("pegy", "margaret", "Typo")]
    [InlineData("jamws", "jimmy", "Typo")]
    [InlineData("bob", "robert", "Nickname")]
    [InlineData("bobby", "rob", "Nickname")]
    [InlineData("sam", "samuel", "Nickname")]
    [InlineData("j", "john", "Initial")]
    [InlineData("mueller", "muller", "Accents")]
    [InlineData("anna", "anne", "None")]
    [InlineData("jan", "jon", "None")]
    [InlineData("paul", "paula", "None")]
    [InlineData("susan", "susanne", "None")]
    [InlineData("anna", "lena", "None")]
    [InlineData("josef", "john", "None")]
    public void WordsCompareByKind(string a, string b, string expected)
    {
        Assert.Equal(expected, NameWords.Compare(a, a, b, b).ToString());
        Assert.Equal(expected, NameWords.Compare(b, b, a, a).ToString());
    }

    [Theory]
    [InlineData("smith", "smiht", 1)]
    [InlineData("smith", "smyth", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("kitten", "sitting", 3)]
    public void EditDistanceCountsATranspositionAsOneEdit(string a, string b, int distance) =>
        Assert.Equal(distance, StringSimilarity.EditDistance(a, b, limit: 5));

    [Fact]
    public void JaroWinklerRewardsASharedStart()
    {
        Assert.Equal(1, StringSimilarity.JaroWinkler("martha", "martha"));
        Assert.InRange(StringSimilarity.JaroWinkler("martha", "marhta"), 0.96, 0.962);
        Assert.Equal(0, StringSimilarity.JaroWinkler("abc", "xyz"));
    }

    [Theory]
    [InlineData("smith", "S530")]
    [InlineData("smyth", "S530")]
    [InlineData("ashcraft", "A261")]
    [InlineData("tymczak", "T522")]
    public void SoundexAsPublished(string word, string code) => Assert.Equal(code, Soundex.Of(word));
}

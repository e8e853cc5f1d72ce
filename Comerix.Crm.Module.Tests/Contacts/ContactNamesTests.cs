using Comerix.Crm.Contacts.Directory;

namespace Comerix.Crm.Tests.Contacts;

/// <summary>The avatar's initials: whole characters only, never half of one, and no emoji.</summary>
public sealed class ContactNamesTests
{
    [Theory]
    [InlineData("Ada Lovelace", null, "AL")]
    [InlineData("Phone Test 14", null, "PT")]
    [InlineData("4711", null, "47")]
    [InlineData("Grace Review 🙂", null, "GR")]
    [InlineData("🙂", "zoe.smith@example.com", "?")]
    [InlineData(null, "zoe.smith@example.com", "ZS")]
    [InlineData("Émile", null, "ÉM")]
    [InlineData("𝒜lice Smith", null, "𝒜S")]
    [InlineData("李 小龙", null, "李小")]
    [InlineData(null, null, "?")]
    public void InitialsAreWholeLettersOfTheFirstAndLastWords(string? name, string? email, string expected) =>
        Assert.Equal(expected, ContactNames.Initials(name, email));
}

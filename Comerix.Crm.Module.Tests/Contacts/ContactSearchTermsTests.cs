using Comerix.Crm.Data.Search;

namespace Comerix.Crm.Tests.Contacts;

public sealed class ContactSearchTermsTests
{
    [Theory]
    [InlineData("ada", "\"ada\"")]
    [InlineData("(415) 555-0100", "\"(415) 555-0100\" OR \"4155550100\"")]
    [InlineData("+44 20", "\"+44 20\" OR \"4420\"")]
    [InlineData("4155550100", "\"4155550100\"")]
    [InlineData("Lin t1234567", "\"Lin t1234567\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("ab", null)]
    public void ASearchBecomesTextAndForPhoneLikeInputDigitsOnly(string typed, string? expected) =>
        Assert.Equal(expected, ContactSearchTerms.Match(typed));
}

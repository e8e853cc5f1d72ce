using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Tests.Identity.Normalization;

public sealed class ExternalRefTests
{
    private readonly IdentifierNormalizer _normalizer = new("DE");

    [Theory]
    [InlineData("whatsapp:+49 151 2345 6789", "whatsapp:+4915123456789")]
    [InlineData("WhatsApp:0151 23456789", "whatsapp:+4915123456789")]
    [InlineData("whatsapp:4915123456789", "whatsapp:+4915123456789")]
    [InlineData("instagram:@JohnDoe", "instagram:@johndoe")]
    [InlineData("instagram:JohnDoe", "instagram:@johndoe")]
    [InlineData("telegram:123456789", "telegram:123456789")]
    [InlineData("shopify: 1234 ", "shopify:1234")]
    [InlineData("hubspot:Contact-ABC", "hubspot:Contact-ABC")]
    public void ExternalRefsAreNamespacedAndChannelValuesNormalised(string raw, string expected)
    {
        Assert.True(_normalizer.TryNormalize(new IdentityClaim(IdentifierTypes.ExternalRef, raw), out var claim, out var dropped), dropped?.Detail);
        Assert.Equal(expected, claim.Value);
    }

    [Theory]
    [InlineData("no-namespace", "needs a namespace")]
    [InlineData(":1234", "needs a namespace")]
    [InlineData("shopify:", "needs a namespace")]
    [InlineData("whatsapp:call me", "phone number")]
    [InlineData("bad space:1", "namespace must be")]
    public void ExternalRefWithoutAUsableNamespaceOrValueIsInvalid(string raw, string problem)
    {
        Assert.False(_normalizer.TryNormalize(new IdentityClaim(IdentifierTypes.ExternalRef, raw), out _, out var dropped));
        Assert.Equal(DropReasons.Invalid, dropped!.Reason);
        Assert.Contains(problem, dropped.Detail);
    }
}

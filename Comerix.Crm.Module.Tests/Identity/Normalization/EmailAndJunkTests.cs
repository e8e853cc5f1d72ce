using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Tests.Identity.Normalization;

public sealed class EmailAndJunkTests
{
    private readonly IdentifierNormalizer _normalizer = new("DE", extraJunkValues: ["test@test.com"]);

    [Theory]
    [InlineData("  Ada@Example.COM ", "ada@example.com", "Ada@Example.COM")]
    [InlineData("mailto:bob@example.org", "bob@example.org", "bob@example.org")]
    [InlineData("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk")]
    public void EmailIsTrimmedAndLowerCasedForMatchingButKeptAsTypedForDisplay(string raw, string key, string display)
    {
        Assert.True(_normalizer.TryNormalize(new IdentityClaim(IdentifierTypes.Email, raw), out var claim, out _));
        Assert.Equal((key, display), (claim.Value, claim.DisplayValue));
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData("ada@localhost")]
    [InlineData("ada@@example.com")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("ada@example..com")]
    [InlineData("ada@example.com.")]
    [InlineData("Ada <ada@example.com>")]
    public void MalformedEmailIsDroppedAsInvalid(string raw)
    {
        Assert.False(_normalizer.TryNormalize(new IdentityClaim(IdentifierTypes.Email, raw), out _, out var dropped));
        Assert.Equal(DropReasons.Invalid, dropped!.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("undefined")]
    [InlineData("anonymous")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("[object Object]")]
    [InlineData("NaN")]
    [InlineData("none")]
    [InlineData(" None ")]
    [InlineData("TEST@test.com")]
    public void JunkValuesNeverBecomeIdentifiersOfAnyType(string raw)
    {
        foreach (var type in IdentifierTypes.All)
        {
            Assert.False(_normalizer.TryNormalize(new IdentityClaim(type, raw), out _, out var dropped));
            Assert.Equal(DropReasons.Junk, dropped!.Reason);
        }
    }

    [Fact]
    public void DroppedClaimsNeverCarryTheValue()
    {
        _normalizer.TryNormalize(new IdentityClaim(IdentifierTypes.Email, "secret-person@nowhere"), out _, out var dropped);
        Assert.DoesNotContain("secret-person", dropped!.Detail + dropped.Reason + dropped.Type);
    }

    [Theory]
    [InlineData(IdentifierTypes.CustomerId, "  cust-42 ", "cust-42")]
    [InlineData(IdentifierTypes.VisitorId, "AbC-123", "AbC-123")]
    [InlineData(IdentifierTypes.ConversationId, "conv_9 ", "conv_9")]
    public void OpaqueIdsAreTrimmedAndOtherwiseExact(string type, string raw, string expected)
    {
        Assert.True(_normalizer.TryNormalize(new IdentityClaim(type, raw), out var claim, out _));
        Assert.Equal(expected, claim.Value);
    }

    [Fact]
    public void OverlongOpaqueIdIsInvalid()
    {
        Assert.False(_normalizer.TryNormalize(new IdentityClaim(IdentifierTypes.CustomerId, new string('x', 257)), out _, out var dropped));
        Assert.Equal(DropReasons.Invalid, dropped!.Reason);
    }
}

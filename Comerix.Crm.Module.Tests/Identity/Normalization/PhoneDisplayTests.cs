using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Tests.Identity.Normalization;

public class PhoneDisplayTests
{
    [Theory]
    [InlineData("+14155552671", "+1 415-555-2671")]
    [InlineData("+33612345678", "+33 6 12 34 56 78")]
    [InlineData("+447700900123", "+44 7700 900123")]
    [InlineData("+442079460958", "+44 20 7946 0958")] // every UK 02 number is 02X XXXX XXXX
    [InlineData("+441614960000", "+44 161 496 0000")] // libphonenumber knows Manchester's area code
    [InlineData("+4915123456789", "+49 1512 3456789")]
    [InlineData("+97150123456", "+971 50123456")]       // not a valid UAE number: no grouping is guessed
    [InlineData("+35312345678", "+353 1 234 5678")]
    public void Stored_numbers_show_their_calling_code_apart_and_the_plan_grouping_where_one_fits(string stored, string shown) =>
        Assert.Equal(shown, PhoneDisplay.Format(stored));

    [Theory]
    [InlineData("+14155552671", "US", "(415) 555-2671")]
    [InlineData("+14165550199", "US", "(416) 555-0199")]     // Canada shares +1: dialled nationally from the US
    [InlineData("+442079460958", "US", "+44 20 7946 0958")]
    [InlineData("+4930123456", "DE", "030 123456")]
    [InlineData("+4915123456789", "de", "01512 3456789")]
    [InlineData("+14155552671", "DE", "+1 415-555-2671")]
    [InlineData("+390612345678", "IT", "06 1234 5678")]
    public void Numbers_of_the_sites_region_are_shown_nationally_and_others_internationally(string stored, string region, string shown) =>
        Assert.Equal(shown, PhoneDisplay.Format(stored, region));

    [Theory]
    [InlineData("0151 2345 6789")]
    [InlineData("+0123456789")]
    [InlineData("+12")]
    [InlineData("+1415555267x")]
    [InlineData("")]
    public void Values_that_are_not_E164_are_shown_as_they_are(string value) =>
        Assert.Equal(value, PhoneDisplay.Format(value));

    [Fact]
    public void Only_phone_identifiers_are_formatted()
    {
        Assert.Equal("+1 415-555-2671", PhoneDisplay.ForIdentifier(IdentifierTypes.Phone, "+14155552671"));
        Assert.Equal("+14155552671", PhoneDisplay.ForIdentifier(IdentifierTypes.CustomerId, "+14155552671"));
        Assert.Equal("(415) 555-2671", PhoneDisplay.ForIdentifier(IdentifierTypes.Phone, "+14155552671", "US"));
    }

    [Fact]
    public void Formatting_a_normalised_number_keeps_every_digit()
    {
        var normalizer = new PhoneNumberNormalizer("DE");
        Assert.True(normalizer.TryNormalize("0151 2345 6789", out var e164));
        var shown = PhoneDisplay.Format(e164);
        Assert.Equal(e164, "+" + new string(shown.Where(char.IsAsciiDigit).ToArray()));
    }
}

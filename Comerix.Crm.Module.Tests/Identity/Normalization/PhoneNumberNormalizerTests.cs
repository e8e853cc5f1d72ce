using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Tests.Identity.Normalization;

// Every expected value below was worked out by hand from the numbering plans, not produced by the code.
public sealed class PhoneNumberNormalizerTests
{
    private static string Normalize(string region, string? raw)
    {
        bool ok = new PhoneNumberNormalizer(region).TryNormalize(raw, out string e164);
        Assert.True(ok, $"'{raw}' in {region} was rejected");
        return e164;
    }

    private static void AssertRejected(string region, string? raw)
    {
        bool ok = new PhoneNumberNormalizer(region).TryNormalize(raw, out string e164);
        Assert.False(ok, $"'{raw}' in {region} was accepted as '{e164}'");
        Assert.Equal("", e164);
    }

    [Theory]
    [InlineData("+4915123456789")]
    [InlineData("+49 151 23456789")]
    [InlineData("+49 (0)151 2345 6789")]
    [InlineData("+49 (0) 151 2345 6789")]
    [InlineData("+49-151-2345-6789")]
    [InlineData("+49.151.2345.6789")]
    [InlineData("+49/151/23456789")]
    [InlineData("(+49) 151 2345 6789")]
    [InlineData("+49\u00A0151\u00A02345\u00A06789")]
    [InlineData("+49\u202F151\u20092345\t6789")]
    [InlineData("+49 151\u20132345\u20146789")]
    [InlineData("tel:+49-151-2345-6789")]
    [InlineData("TEL:+4915123456789")]
    [InlineData("  +49 151 2345 6789  ")]
    [InlineData("0049 151 2345 6789")]
    [InlineData("0151 2345 6789")]
    [InlineData("0151/23456789")]
    [InlineData("(0151) 2345-6789")]
    [InlineData("151 2345 6789")]
    [InlineData("+49 0151 2345 6789")]
    [InlineData("＋４９ １５１ ２３４５ ６７８９")]
    public void Written_forms_of_one_German_mobile_number_all_normalise_to_the_same_key(string raw)
    {
        Assert.Equal("+4915123456789", Normalize("DE", raw));
    }

    [Theory]
    // DE: trunk 0 removed, area codes of different lengths
    [InlineData("DE", "030 12345678", "+493012345678")]
    [InlineData("DE", "089 1234567", "+49891234567")]
    [InlineData("DE", "06221 123456", "+496221123456")]
    // GB: trunk 0 removed, 10- and 9-digit national numbers
    [InlineData("GB", "020 7946 0958", "+442079460958")]
    [InlineData("GB", "07400 123456", "+447400123456")]
    [InlineData("GB", "(0121) 234 5678", "+441212345678")]
    [InlineData("GB", "016977 3456", "+44169773456")]
    [InlineData("GB", "+44 (0)20 7946 0958", "+442079460958")]
    // US: NANP, with or without the leading 1
    [InlineData("US", "(415) 555-2671", "+14155552671")]
    [InlineData("US", "415.555.2671", "+14155552671")]
    [InlineData("US", "1-415-555-2671", "+14155552671")]
    [InlineData("US", "1 (415) 555 2671", "+14155552671")]
    [InlineData("US", "+1 415 555 2671", "+14155552671")]
    // IT: the leading 0 of fixed lines is part of the number; mobiles start with 3
    [InlineData("IT", "06 1234 5678", "+390612345678")]
    [InlineData("IT", "02 1234 5678", "+390212345678")]
    [InlineData("IT", "347 123 4567", "+393471234567")]
    [InlineData("IT", "+39 06 1234 5678", "+390612345678")]
    [InlineData("IT", "+39 (0)6 1234 5678", "+390612345678")]
    [InlineData("DE", "+39 06 1234 5678", "+390612345678")]
    // FR: 9 digits after the trunk 0
    [InlineData("FR", "01 42 68 53 00", "+33142685300")]
    [InlineData("FR", "06.12.34.56.78", "+33612345678")]
    [InlineData("FR", "+33 (0)1 42 68 53 00", "+33142685300")]
    // AU: 9 digits after the trunk 0
    [InlineData("AU", "(02) 9876 5432", "+61298765432")]
    [InlineData("AU", "0412 345 678", "+61412345678")]
    [InlineData("AU", "+61 412 345 678", "+61412345678")]
    // RU: trunk 8 is removed, but an area code starting with 8 is kept
    [InlineData("RU", "8 (495) 123-45-67", "+74951234567")]
    [InlineData("RU", "8 812 123 45 67", "+78121234567")]
    [InlineData("RU", "812 123 45 67", "+78121234567")]
    [InlineData("RU", "+7 8 495 123 45 67", "+74951234567")]
    // HU: two-digit trunk prefix 06
    [InlineData("HU", "06 1 234 5678", "+3612345678")]
    public void National_numbers_are_read_in_the_default_region(string region, string raw, string expected)
    {
        Assert.Equal(expected, Normalize(region, raw));
    }

    [Theory]
    [InlineData("US", "202 555 0143", "+12025550143")]
    [InlineData("CA", "416 555 0199", "+14165550199")]
    [InlineData("PR", "787 555 0123", "+17875550123")]
    [InlineData("GB", "020 7946 0958", "+442079460958")]
    [InlineData("GG", "01481 256789", "+441481256789")]
    [InlineData("DE", "030 1234567", "+49301234567")]
    [InlineData("FR", "01 42 68 53 00", "+33142685300")]
    [InlineData("IT", "06 1234 5678", "+390612345678")]
    [InlineData("VA", "06 698 12345", "+390669812345")]
    [InlineData("ES", "912 345 678", "+34912345678")]
    [InlineData("NL", "020 123 4567", "+31201234567")]
    [InlineData("BE", "02 234 56 78", "+3222345678")]
    [InlineData("CH", "044 668 18 00", "+41446681800")]
    [InlineData("AT", "01 5134567", "+4315134567")]
    [InlineData("PL", "12 345 67 89", "+48123456789")]
    [InlineData("SE", "08 123 456 78", "+46812345678")]
    [InlineData("NO", "22 12 34 56", "+4722123456")]
    [InlineData("DK", "32 12 34 56", "+4532123456")]
    [InlineData("FI", "09 1234 5678", "+358912345678")]
    [InlineData("IE", "01 234 5678", "+35312345678")]
    [InlineData("PT", "212 345 678", "+351212345678")]
    [InlineData("GR", "21 0123 4567", "+302101234567")]
    [InlineData("CZ", "212 345 678", "+420212345678")]
    [InlineData("HU", "06 1 234 5678", "+3612345678")]
    [InlineData("RO", "021 123 4567", "+40211234567")]
    [InlineData("RU", "8 495 123-45-67", "+74951234567")]
    [InlineData("UA", "044 123 4567", "+380441234567")]
    [InlineData("TR", "0212 123 45 67", "+902121234567")]
    [InlineData("IL", "03-123-4567", "+97231234567")]
    [InlineData("AE", "02 234 5678", "+97122345678")]
    [InlineData("SA", "011 123 4567", "+966111234567")]
    [InlineData("IN", "098765 43210", "+919876543210")]
    [InlineData("PK", "(021) 23456789", "+922123456789")]
    [InlineData("CN", "010 1234 5678", "+861012345678")]
    [InlineData("CN", "138 0013 8000", "+8613800138000")]
    [InlineData("JP", "03-1234-5678", "+81312345678")]
    [InlineData("KR", "010-1234-5678", "+821012345678")]
    [InlineData("SG", "6123 4567", "+6561234567")]
    [InlineData("HK", "2123 4567", "+85221234567")]
    [InlineData("TW", "02 2123 4567", "+886221234567")]
    [InlineData("AU", "02 9876 5432", "+61298765432")]
    [InlineData("NZ", "03 234 5678", "+6432345678")]
    [InlineData("BR", "(11) 3123-4567", "+551131234567")]
    [InlineData("BR", "(11) 98765-4321", "+5511987654321")]
    [InlineData("MX", "55 1234 5678", "+525512345678")]
    [InlineData("AR", "011 4123-4567", "+541141234567")]
    [InlineData("CO", "601 234 5678", "+576012345678")]
    [InlineData("CL", "2 2123 4567", "+56221234567")]
    [InlineData("ZA", "021 123 4567", "+27211234567")]
    [InlineData("NG", "0803 123 4567", "+2348031234567")]
    [InlineData("EG", "02 2345 6789", "+20223456789")]
    [InlineData("KE", "0712 345678", "+254712345678")]
    public void Each_supported_region_prepends_its_own_calling_code(string region, string raw, string expected)
    {
        Assert.Equal(expected, Normalize(region, raw));
    }

    [Theory]
    [InlineData("DE", "0049 151 2345 6789", "+4915123456789")]
    [InlineData("DE", "00 44 20 7946 0958", "+442079460958")]
    [InlineData("GB", "00 1 415 555 2671", "+14155552671")]
    [InlineData("FR", "00 39 06 1234 5678", "+390612345678")]
    [InlineData("US", "011 44 20 7946 0958", "+442079460958")]
    [InlineData("CA", "011 49 151 2345 6789", "+4915123456789")]
    [InlineData("AU", "0011 44 20 7946 0958", "+442079460958")]
    [InlineData("JP", "010 1 415 555 2671", "+14155552671")]
    [InlineData("RU", "810 49 151 2345 6789", "+4915123456789")]
    [InlineData("KR", "001 1 415 555 2671", "+14155552671")]
    [InlineData("KE", "000 44 20 7946 0958", "+442079460958")]
    [InlineData("NG", "009 44 20 7946 0958", "+442079460958")]
    [InlineData("IL", "00 49 151 2345 6789", "+4915123456789")]
    [InlineData("IL", "012 49 151 2345 6789", "+4915123456789")]
    public void International_prefix_of_the_default_region_introduces_a_calling_code(string region, string raw, string expected)
    {
        Assert.Equal(expected, Normalize(region, raw));
    }

    [Theory]
    [InlineData("US", "0049 151 2345 6789")]   // NANP dials out with 011, not 00
    [InlineData("US", "0044 20 7946 0958")]
    [InlineData("DE", "011 44 20 7946 0958")]  // 011 is not an international prefix in Germany
    [InlineData("AU", "00 44 20 7946 0958")]   // Australia dials out with 0011
    [InlineData("JP", "00 1 415 555 2671")]    // Japan dials out with 010
    public void Another_regions_international_prefix_is_not_understood(string region, string raw)
    {
        AssertRejected(region, raw);
    }

    [Theory]
    [InlineData("+1 415 555 2671 x123")]
    [InlineData("+1 415-555-2671x123")]
    [InlineData("+1 415 555 2671 X 123")]
    [InlineData("+1 415 555 2671 ext 123")]
    [InlineData("+1 415 555 2671 ext. 123")]
    [InlineData("+1 415 555 2671 Ext.123")]
    [InlineData("+1 415 555 2671 EXT: 123")]
    [InlineData("+1 415 555 2671 extension 123")]
    [InlineData("+1 415 555 2671 #123")]
    [InlineData("(415) 555-2671 ext. 4")]
    [InlineData("tel:+1-415-555-2671;ext=123")]
    public void Extensions_are_dropped(string raw)
    {
        Assert.Equal("+14155552671", Normalize("US", raw));
    }

    [Theory]
    [InlineData("+1 415 555 2671 x")]
    [InlineData("+1 415 555 2671 ext.")]
    [InlineData("+1 415 555 2671 #")]
    [InlineData("+1 415 555 2671 x12a")]
    [InlineData("+1 415 555 2671 x123 x456")]
    [InlineData("+1 415 555 2671 x 12345678901")]
    [InlineData("x123")]
    [InlineData("ext 123")]
    public void Malformed_extensions_are_rejected(string raw)
    {
        AssertRejected("US", raw);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    [InlineData("\u00A0\u00A0")]
    [InlineData("tel:")]
    [InlineData("()-./")]
    [InlineData("+")]
    public void Empty_and_whitespace_are_rejected(string? raw)
    {
        AssertRejected("DE", raw);
    }

    [Theory]
    [InlineData("US", "1-800-FLOWERS")]
    [InlineData("US", "1-800-356-9377 FLOWERS")]
    [InlineData("DE", "0151 2345678O")]
    [InlineData("DE", "call 0151 23456789")]
    [InlineData("DE", "0151 23456789 mobile")]
    [InlineData("DE", "0151 23456789 extra")]
    [InlineData("DE", "*31# 0151 23456789")]
    [InlineData("DE", "0151,23456789")]
    public void Letters_and_other_symbols_are_rejected(string region, string raw)
    {
        AssertRejected(region, raw);
    }

    [Theory]
    [InlineData("++49 151 23456789")]
    [InlineData("+49 +151 23456789")]
    [InlineData("+(+49) 151 23456789")]
    public void More_than_one_plus_is_rejected(string raw)
    {
        AssertRejected("DE", raw);
    }

    [Theory]
    [InlineData("49+15123456789")]
    [InlineData("0151 2345+6789")]
    [InlineData("015123456789+")]
    [InlineData("4930 1234+5678")]
    public void Plus_after_a_digit_is_rejected(string raw)
    {
        AssertRejected("DE", raw);
    }

    [Theory]
    [InlineData("DE", "0000000")]
    [InlineData("DE", "0000 000000")]
    [InlineData("US", "1111111111")]
    [InlineData("US", "2222222222")]
    [InlineData("US", "+1 555 555 5555")]
    [InlineData("DE", "+49 1111111111")]
    [InlineData("GB", "+44 4444 444444")]
    [InlineData("SG", "6666 6666")]
    public void Numbers_of_one_repeated_digit_are_rejected(string region, string raw)
    {
        AssertRejected(region, raw);
    }

    [Theory]
    [InlineData("+0 151 2345 6789")]
    [InlineData("+210 1234 5678")]
    [InlineData("+289 123 4567")]
    [InlineData("+425 123 456 789")]
    [InlineData("+671 123 4567")]   // Guam moved to +1 671
    [InlineData("+801 1234 5678")]
    [InlineData("+999 1234 5678")]
    public void Unassigned_calling_codes_are_rejected(string raw)
    {
        AssertRejected("DE", raw);
    }

    [Theory]
    [InlineData("+80012345678")]    // international freephone
    [InlineData("+870773123456")]   // Inmarsat
    [InlineData("+383 44 123 456")] // Kosovo
    [InlineData("+599 9 435 1234")] // Curaçao
    public void Assigned_codes_without_a_length_rule_are_accepted(string raw)
    {
        bool ok = new PhoneNumberNormalizer("DE").TryNormalize(raw, out string e164);
        Assert.True(ok);
        Assert.Equal(raw.Replace(" ", "", StringComparison.Ordinal), e164);
    }

    // Right shape and length, but in no range the plan assigns: fictional ranges (Ofcom's drama numbers, NANP's 555
    // area code) and ranges not in service. libphonenumber calls them possible, not valid; they are not keys.
    [Theory]
    [InlineData("GB", "07700 900123")]
    [InlineData("GB", "(01632) 960 001")]
    [InlineData("US", "(555) 123-4567")]
    [InlineData("NZ", "09 123 4567")]
    [InlineData("BE", "02 123 45 67")]
    [InlineData("AE", "04 123 4567")]
    [InlineData("PK", "021 1234 5678")]
    [InlineData("TW", "02 1234 5678")]
    [InlineData("DE", "+599 9 123 4567")]
    [InlineData("DE", "+49 1512 3456 7890 12")]
    public void Possible_but_unassigned_numbers_are_not_keys(string region, string raw)
    {
        var normalizer = new PhoneNumberNormalizer(region);
        Assert.Equal(PhoneNumberCheck.PossibleButNotValid, normalizer.Check(raw, out var e164));
        Assert.StartsWith("+", e164);
        AssertRejected(region, raw);
    }

    // What an import tells the admin about a number that is not valid: the region it was read for, and why.
    [Theory]
    [InlineData("US", "+1 555 0100", PhoneNumberFault.TooShort, "US", false)]
    [InlineData("US", "12", PhoneNumberFault.TooShort, "US", true)]
    [InlineData("US", "+1 555 555 0100", PhoneNumberFault.NotAssigned, "US", false)]
    [InlineData("US", "+44 7700 900123", PhoneNumberFault.NotAssigned, "GB", false)]
    [InlineData("GB", "07700 900123", PhoneNumberFault.NotAssigned, "GB", true)]
    [InlineData("DE", "+49 30 1234 5678 9012 34", PhoneNumberFault.TooLong, "DE", false)]
    [InlineData("US", "+999 1234 5678", PhoneNumberFault.UnknownCallingCode, null, false)]
    [InlineData("US", "0000000", PhoneNumberFault.Placeholder, "US", true)]
    [InlineData("US", "call me", PhoneNumberFault.NotANumber, null, false)]
    public void A_number_that_is_not_valid_says_for_which_region_and_why(string region, string raw, PhoneNumberFault fault, string? readAs, bool national)
    {
        Assert.Equal(new PhoneNumberProblem(fault, readAs, national), new PhoneNumberNormalizer(region).Problem(raw));
    }

    [Fact]
    public void A_valid_number_has_no_problem() => Assert.Null(new PhoneNumberNormalizer("US").Problem("+1 415 555 2671"));

    [Theory]
    [InlineData("DE", "+0049 151 2345 6789", "+4915123456789")]
    [InlineData("US", "+011 44 20 7946 0958", "+442079460958")]
    public void A_plus_written_before_the_international_prefix_is_read_as_that_prefix(string region, string raw, string expected)
    {
        Assert.Equal(expected, Normalize(region, raw));
    }

    [Theory]
    [InlineData("AR", "011 15 4123-4567", "+5491141234567")] // the mobile's 15 becomes the international 9
    [InlineData("AR", "+54 9 11 4123 4567", "+5491141234567")]
    [InlineData("DE", "+54111541234567", "+5491141234567")]   // the key the hand-written normaliser made of the first
    [InlineData("GB", "+44 0161 496 0000", "+441614960000")]
    public void Plan_rules_libphonenumber_knows_give_one_key_per_number(string region, string raw, string expected)
    {
        Assert.Equal(expected, Normalize(region, raw));
    }

    [Theory]
    [InlineData("DE", "123")]
    [InlineData("DE", "12345")]            // 49 + 5 digits = 7
    [InlineData("DE", "+49 30 12")]      // libphonenumber's German plan takes 3-digit Berlin numbers ("+49 30 123")
    [InlineData("NA", "+264 12 34")]        // 7 digits, generic rule
    [InlineData("US", "+1 415 555")]
    [InlineData("DE", "+264 1234 5678 9012 3")]                    // 16 digits, over the E.164 maximum
    [InlineData("DE", "+49 151 2345 6789 0123 4567 8901 2345")]   // more digits than any number has
    public void Too_short_and_too_long_numbers_are_rejected(string region, string raw)
    {
        AssertRejected(region, raw);
    }

    [Theory]
    [InlineData("+1 415 555 267")]          // NANP: 10
    [InlineData("+1 415 555 26710")]
    [InlineData("+7 495 123 45 6")]          // RU: 10
    [InlineData("+49 1512 3456 7890 12")]    // DE: up to 13
    [InlineData("+44 20 7946 09")]           // GB: 9-10
    [InlineData("+44 20 7946 09581")]
    [InlineData("+33 1 42 68 53 0")]          // FR: 9
    [InlineData("+33 1 42 68 53 00 1")]
    [InlineData("+39 06 1234 5678 90")]      // IT: up to 11
    [InlineData("+34 912 345 6789")]         // ES: 9
    [InlineData("+31 20 123 45678")]         // NL: 9
    [InlineData("+91 98765 4321")]           // IN: 10
    [InlineData("+91 98765 432101")]
    [InlineData("+61 2 9876 543")]           // AU: 9
    [InlineData("+61 4123 456 789")]
    [InlineData("+55 11 8765 432")]          // BR: 10-11
    [InlineData("+55 11 98765 43210")]
    [InlineData("+86 138 0013 8")]           // CN: 10-11
    [InlineData("+86 138 0013 80001")]
    public void National_length_rules_of_the_large_regions_are_enforced(string raw)
    {
        AssertRejected("DE", raw);
    }

    [Theory]
    [InlineData("US", "415 555 267")]
    [InlineData("US", "1 415 555 267")]
    [InlineData("FR", "01 42 68 53 0")]
    [InlineData("ES", "91 234 567")]
    [InlineData("ES", "0 91 234 567")]
    [InlineData("NL", "020 123 456")]
    [InlineData("IN", "98765 4321")]
    [InlineData("AU", "02 9876 543")]
    [InlineData("GB", "020 7946 09581")]
    public void National_numbers_of_the_wrong_length_are_rejected(string region, string raw)
    {
        AssertRejected(region, raw);
    }

    [Theory]
    [InlineData("+1 015 555 2671")]
    [InlineData("+1 115 555 2671")]
    [InlineData("+1 415 055 2671")]
    [InlineData("+1 415 155 2671")]
    [InlineData("(015) 555-2671")]
    public void NANP_area_codes_and_exchanges_starting_with_0_or_1_are_rejected(string raw)
    {
        AssertRejected("US", raw);
    }

    [Theory]
    [InlineData("+49 0 0151 2345678")]
    [InlineData("+44 00 20 7946 0958")]
    [InlineData("+61 0 0412 345 678")]
    public void A_zero_left_after_the_trunk_prefix_is_rejected(string raw)
    {
        AssertRejected("DE", raw);
    }

    [Theory]
    [InlineData("DE", "DE")]
    [InlineData("de", "DE")]
    [InlineData("Us", "US")]
    [InlineData("gb", "GB")]
    [InlineData("xk", "XK")]
    public void Default_region_is_case_insensitive_and_reported_upper_case(string region, string expected)
    {
        Assert.Equal(expected, new PhoneNumberNormalizer(region).DefaultRegion);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("EU")]
    [InlineData("UK")]  // the ISO code is GB
    [InlineData("DEU")]
    [InlineData("49")]
    [InlineData("001")]
    [InlineData("")]
    [InlineData(" DE")]
    public void Unknown_default_region_is_an_argument_error(string region)
    {
        var error = Assert.Throws<ArgumentException>(() => new PhoneNumberNormalizer(region));
        Assert.Equal("defaultRegion", error.ParamName);
        Assert.Contains($"'{region}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_default_region_is_an_argument_null_error()
    {
        Assert.Throws<ArgumentNullException>(() => new PhoneNumberNormalizer(null!));
    }

    [Theory]
    [InlineData("DE", "0151 2345 6789")]
    [InlineData("DE", "+49 (0)30 1234567")]
    [InlineData("GB", "020 7946 0958")]
    [InlineData("US", "1-415-555-2671 ext. 12")]
    [InlineData("IT", "06 1234 5678")]
    [InlineData("FR", "01 42 68 53 00")]
    [InlineData("AU", "0412 345 678")]
    [InlineData("RU", "8 812 123 45 67")]
    [InlineData("RU", "8 800 123 45 67")]
    [InlineData("HU", "06 1 234 5678")]
    [InlineData("VA", "06 698 12345")]
    [InlineData("CN", "010 1234 5678")]
    [InlineData("JP", "010 1 415 555 2671")]
    [InlineData("DE", "+800 1234 5678")]
    public void Normalising_a_result_again_returns_it_unchanged_in_any_region(string region, string raw)
    {
        string first = Normalize(region, raw);

        Assert.Equal(first, Normalize(region, first));
        Assert.Equal(first, Normalize("US", first));
        Assert.Equal(first, Normalize("DE", first));
        Assert.Equal(first, Normalize("IT", first));
    }

    [Theory]
    [InlineData("+4915123456789")]
    [InlineData("+14155552671")]
    [InlineData("+390612345678")]
    [InlineData("+442079460958")]
    [InlineData("+61412345678")]
    [InlineData("+74951234567")]
    [InlineData("+78121234567")]
    [InlineData("+8613800138000")]
    [InlineData("+3612345678")]
    [InlineData("+2250701234567")]  // Côte d'Ivoire keeps its leading 0
    public void E164_input_is_returned_as_it_is(string e164)
    {
        Assert.Equal(e164, Normalize("JP", e164));
    }
}

using PhoneNumbers;

namespace Comerix.Crm.Identity.Normalization;

/// <summary>
/// Writes a stored E.164 number the way people read it, with libphonenumber's grouping for its numbering plan.
/// Given the site's default region, a number dialled with the same calling code is written nationally
/// ("(415) 555-2671" on a US site, "030 1234567" on a German one) and any other internationally
/// ("+44 20 7946 0958"); without a region, every number is written internationally. Display only: the stored
/// value, searches and exports stay E.164.
/// </summary>
internal static class PhoneDisplay
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>International format ("+1 415-555-2671"): right wherever it is read (names, messages, logs).</summary>
    public static string Format(string value) => Format(value, defaultRegion: null);

    /// <param name="defaultRegion">The site's region (ISO 3166-1 alpha-2); null for international format.</param>
    public static string Format(string value, string? defaultRegion)
    {
        if (!IsE164(value))
        {
            return value; // not one of ours (a value typed before normalisation, say): shown as it is
        }
        PhoneNumber number;
        try
        {
            number = Util.Parse(value, null);
        }
        catch (NumberParseException)
        {
            return value;
        }
        if (Util.GetRegionCodeForCountryCode(number.CountryCode) == "ZZ")
        {
            return value; // a calling code nobody has: shown as stored
        }
        var national = defaultRegion is not null
            && number.CountryCode == Util.GetCountryCodeForRegion(defaultRegion.ToUpperInvariant());
        return Util.Format(number, national ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
    }

    /// <summary>An identifier's value for display: phones formatted, everything else as stored.</summary>
    public static string ForIdentifier(string type, string displayValue, string? defaultRegion = null) =>
        type == IdentifierTypes.Phone ? Format(displayValue, defaultRegion) : displayValue;

    private static bool IsE164(string value)
    {
        if (value.Length < 9 || value.Length > 16 || value[0] != '+')
        {
            return false;
        }
        foreach (var c in value.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}

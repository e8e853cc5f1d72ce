using System.Text;

namespace Comerix.Crm.Identity.Normalization;

/// <summary>
/// Writes a stored E.164 number the way people read it: the calling code apart from the national number
/// ("+49 15123456789"), and the usual grouping where one grouping fits every number of the plan: NANP
/// ("+1 415-555-2671"), France ("+33 6 12 34 56 78"), UK mobiles ("+44 7700 900123") and UK 02 numbers
/// ("+44 20 7946 0958"). Elsewhere the national number stays in one piece: without the numbering plans
/// libphonenumber carries, a guessed grouping would split area codes wrongly. Display only; the stored value and exports stay E.164.
/// </summary>
public static class PhoneDisplay
{
    public static string Format(string value)
    {
        if (!IsE164(value) || !CallingCodes.TryReadCallingCode(value.AsSpan(1), out var code, out var length))
        {
            return value; // not one of ours (a value typed before normalisation, say): shown as it is
        }
        var national = value[(1 + length)..];
        return code switch
        {
            1 when national.Length == 10 => $"+1 {national[..3]}-{national[3..6]}-{national[6..]}",
            33 when national.Length == 9 => $"+33 {national[0]} {Pairs(national[1..])}",
            44 when national.Length == 10 && national[0] == '7' => $"+44 {national[..4]} {national[4..]}",
            44 when national.Length == 10 && national[0] == '2' => $"+44 {national[..2]} {national[2..6]} {national[6..]}",
            _ => $"+{value[1..(1 + length)]} {national}",
        };
    }

    /// <summary>An identifier's value for display: phones formatted, everything else as stored.</summary>
    public static string ForIdentifier(string type, string displayValue) =>
        type == IdentifierTypes.Phone ? Format(displayValue) : displayValue;

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

    private static string Pairs(string digits)
    {
        var text = new StringBuilder(digits.Length + digits.Length / 2);
        for (var i = 0; i < digits.Length; i += 2)
        {
            text.Append(i == 0 ? "" : " ").Append(digits.AsSpan(i, Math.Min(2, digits.Length - i)));
        }
        return text.ToString();
    }
}

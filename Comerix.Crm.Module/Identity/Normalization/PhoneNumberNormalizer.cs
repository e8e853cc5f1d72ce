namespace Comerix.Crm.Identity.Normalization;

/// <summary>
/// E.164 normaliser for identity resolution: turns a phone number as people write it
/// ("0151 2345 6789", "+49 (0)151-2345-6789", "tel:+1-415-555-2671;ext=12") into one canonical key
/// ("+4915123456789"), or refuses it.
/// </summary>
/// <remarks>
/// <para>
/// Approach: one pass collects the digits, skipping the separators people type (spaces, non-breaking
/// spaces, dots, hyphens, slashes, parentheses) and a leading <c>tel:</c>, and drops a trailing extension
/// (<c>x123</c>, <c>ext. 123</c>, <c>#123</c>, <c>;ext=123</c>), which is not part of E.164. A leading
/// <c>+</c> or the default region's international prefix (<c>00</c>, <c>011</c> in NANP, <c>0011</c> in AU,
/// <c>010</c> in JP, ...) means a country calling code follows; it must be one the ITU has assigned.
/// Otherwise the number is national: the default region's trunk prefix is removed (<c>0</c> in most
/// regions, <c>1</c> in NANP, <c>8</c> in RU/KZ; none in IT, whose numbers keep their leading 0) and its
/// calling code is prepended. The result must have 8 to 15 digits.
/// </para>
/// <para>Limits: this is a plausibility check, not libphonenumber.</para>
/// <list type="bullet">
/// <item>No per-number-range validation: an assigned calling code and a plausible length are enough
/// (NANP area codes and exchanges must start with 2-9; nothing else checks the numbering plans).</item>
/// <item>National lengths are enforced only for +1 (NANP), +7, DE, GB, FR, IT, ES, NL, IN, AU, BR and CN;
/// every other code gets only the 8..15 digit rule. Service numbers outside those lengths
/// (AU 1300/1800, short NL 0800/0900, IN 1800) are rejected.</item>
/// <item>No vanity letters ("1-800-FLOWERS" is refused), no dial strings (<c>*</c>, pauses); extensions are dropped.</item>
/// <item>One trunk prefix and a small table of international prefixes per region (default <c>00</c>);
/// carrier-selection codes (BR "0 21 ...", MX "044", AR "15") are not understood.</item>
/// <item>Digits written with the country code but without <c>+</c> or an international prefix
/// ("49 151 ...") are read as a national number of the default region.</item>
/// </list>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class PhoneNumberNormalizer
{
    // Longest digit run worth reading: a 4-digit international prefix and 15 E.164 digits, with headroom.
    private const int MaxDigits = 24;
    private const int MaxExtensionDigits = 10;
    private const int MinE164Digits = 8;
    private const int MaxE164Digits = 15;

    private readonly DiallingRegion _region;

    /// <param name="defaultRegion">ISO 3166-1 alpha-2 code (case-insensitive) used to read national numbers.</param>
    /// <exception cref="ArgumentException">The region is unknown or has no calling code.</exception>
    public PhoneNumberNormalizer(string defaultRegion)
    {
        ArgumentNullException.ThrowIfNull(defaultRegion);
        if (!CallingCodes.TryGetRegion(defaultRegion, out var region))
        {
            throw new ArgumentException(
                $"Unknown region '{defaultRegion}': expected an ISO 3166-1 alpha-2 code of a region with a " +
                "telephone calling code, such as \"DE\" or \"US\".",
                nameof(defaultRegion));
        }

        _region = region;
    }

    /// <summary>The default region, upper-case (e.g. "DE").</summary>
    public string DefaultRegion => _region.Code;

    /// <summary>Normalises <paramref name="raw"/> to E.164 ("+4915123456789").</summary>
    /// <returns>False, with <paramref name="e164"/> empty, if the input is not a plausible phone number.</returns>
    public bool TryNormalize(string? raw, out string e164)
    {
        e164 = "";
        if (raw is null)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[MaxDigits];
        if (!TryReadDigits(raw, buffer, out int count, out bool hasPlus))
        {
            return false;
        }

        ReadOnlySpan<char> digits = buffer[..count];
        scoped ReadOnlySpan<char> callingCodeDigits = _region.CallingCodeDigits;
        int callingCode = _region.CallingCode;
        string trunkPrefix = _region.TrunkPrefix;

        if (hasPlus || TryStripInternationalPrefix(ref digits))
        {
            if (!CallingCodes.TryReadCallingCode(digits, out callingCode, out int length))
            {
                return false;
            }

            callingCodeDigits = digits[..length];
            digits = digits[length..];
            // A trunk prefix after the calling code is a common mistake ("+44 (0)20 ...", "+49 0151 ...");
            // it is removed by the rules of the code's region, not of the default region.
            trunkPrefix = CallingCodes.GetMainRegion(callingCode)?.TrunkPrefix ?? "";
        }

        ReadOnlySpan<char> national = StripTrunkPrefix(digits, trunkPrefix, callingCode);
        if (!IsPlausible(callingCode, callingCodeDigits.Length, national, trunkPrefix))
        {
            return false;
        }

        Span<char> result = stackalloc char[1 + MaxE164Digits];
        result[0] = '+';
        callingCodeDigits.CopyTo(result[1..]);
        national.CopyTo(result[(1 + callingCodeDigits.Length)..]);
        e164 = new string(result[..(1 + callingCodeDigits.Length + national.Length)]);
        return true;
    }

    // Collects the digits into buffer. Fails on anything that is neither a digit, a separator, a leading '+'
    // nor a trailing extension, so letters and stray symbols reject the whole input rather than being skipped.
    private static bool TryReadDigits(string raw, Span<char> buffer, out int count, out bool hasPlus)
    {
        count = 0;
        hasPlus = false;
        ReadOnlySpan<char> text = raw.AsSpan().Trim();
        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c) || char.IsDigit(c))
            {
                if (count == buffer.Length)
                {
                    return false; // far too long to be a phone number
                }

                // char.IsDigit also accepts other scripts' decimal digits (full-width, Arabic-Indic).
                buffer[count++] = char.IsAsciiDigit(c) ? c : (char)('0' + (int)char.GetNumericValue(c));
            }
            else if (IsSeparator(c))
            {
                continue;
            }
            else if (c is '+' or '\uFF0B')
            {
                // Only before the first digit: "(+49) 30 ..." is fine, "++49" and "49+30" are not.
                if (hasPlus || count > 0)
                {
                    return false;
                }

                hasPlus = true;
            }
            else
            {
                return count > 0 && IsExtension(text[i..]);
            }
        }

        return count > 0;
    }

    private static bool IsSeparator(char c) =>
        c is ' ' or '.' or '-' or '/' or '(' or ')'
        || c is (>= '\u2010' and <= '\u2015') or '\u2212' // typographic dashes and minus from copy-paste
        || char.IsWhiteSpace(c);                           // tabs, non-breaking and other Unicode spaces

    // True if text is an extension marker followed by its digits and nothing else.
    private static bool IsExtension(ReadOnlySpan<char> text)
    {
        int i;
        if (text.StartsWith(";ext=", StringComparison.OrdinalIgnoreCase))
        {
            i = 5;
        }
        else if (text.StartsWith("extension", StringComparison.OrdinalIgnoreCase))
        {
            i = 9;
        }
        else if (text.StartsWith("ext", StringComparison.OrdinalIgnoreCase))
        {
            i = 3;
        }
        else if (text[0] is 'x' or 'X' or '#')
        {
            i = 1;
        }
        else
        {
            return false;
        }

        while (i < text.Length && (text[i] is '.' or ':' || char.IsWhiteSpace(text[i])))
        {
            i++;
        }

        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i == text.Length && i - start is >= 1 and <= MaxExtensionDigits;
    }

    private bool TryStripInternationalPrefix(ref ReadOnlySpan<char> digits)
    {
        foreach (string prefix in _region.InternationalPrefixes)
        {
            if (digits.StartsWith(prefix))
            {
                digits = digits[prefix.Length..];
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> StripTrunkPrefix(ReadOnlySpan<char> digits, string trunkPrefix, int callingCode)
    {
        if (trunkPrefix.Length == 0 || !digits.StartsWith(trunkPrefix))
        {
            return digits;
        }

        // The trunk digit can also be the first digit of the number itself: Russia's trunk prefix is 8 and
        // St Petersburg is 812, so "812 123 45 67" is complete. Where we know the length, keep the digit if
        // only the unstripped number has it.
        ReadOnlySpan<char> stripped = digits[trunkPrefix.Length..];
        if (CallingCodes.TryGetNationalLength(callingCode, out int min, out int max)
            && (stripped.Length < min || stripped.Length > max)
            && digits.Length >= min && digits.Length <= max)
        {
            return digits;
        }

        return stripped;
    }

    private static bool IsPlausible(int callingCode, int callingCodeLength, ReadOnlySpan<char> national, string trunkPrefix)
    {
        if (national.IsEmpty)
        {
            return false;
        }

        // Where 0 is the trunk prefix, no number starts with 0 once it is removed; one that still does had
        // a doubled or misplaced 0, and accepting it would make "+49 0 0151..." normalise differently twice.
        if (trunkPrefix == "0" && national[0] == '0')
        {
            return false;
        }

        // "0000000", "1111111111": placeholder values typed into required form fields.
        if (national.IndexOfAnyExcept(national[0]) < 0)
        {
            return false;
        }

        int total = callingCodeLength + national.Length;
        if (total < MinE164Digits || total > MaxE164Digits)
        {
            return false;
        }

        if (CallingCodes.TryGetNationalLength(callingCode, out int min, out int max)
            && (national.Length < min || national.Length > max))
        {
            return false;
        }

        // NANP: area code and exchange both start with 2-9; a 0 or 1 there is a typo, not a number.
        return callingCode != 1 || (national[0] >= '2' && national[3] >= '2');
    }
}

using PhoneNumbers;

namespace Comerix.Crm.Identity.Normalization;

/// <summary>What <see cref="PhoneNumberNormalizer.Check"/> made of a value.</summary>
internal enum PhoneNumberCheck
{
    /// <summary>A number in a range its numbering plan assigns: it becomes an E.164 key.</summary>
    Valid,
    /// <summary>The right shape and length for its calling code, but in no range the plan assigns (a made-up number,
    /// a typo, the 555 area code). Not a key: the same made-up number typed by two people must not join them.</summary>
    PossibleButNotValid,
    /// <summary>Not a phone number: empty, letters, stray symbols, an unknown calling code, too short or too long.</summary>
    NotPossible,
}

/// <summary>
/// E.164 normaliser for identity resolution: turns a phone number as people write it
/// ("0151 2345 6789", "+49 (0)151-2345-6789", "tel:+1-415-555-2671;ext=12") into one canonical key
/// ("+4915123456789"), or refuses it. The numbering plans are libphonenumber's (<c>libphonenumber-csharp</c>).
/// </summary>
/// <remarks>
/// <para>
/// libphonenumber parses the number in the default region: a leading <c>+</c> or that region's international
/// prefix (<c>00</c>, <c>011</c> in NANP, <c>0011</c> in AU, <c>010</c> in JP, ...) introduces a calling code,
/// otherwise the region's national prefix is removed and its calling code used. Extensions are dropped (not part of E.164).
/// Only numbers libphonenumber calls <em>valid</em> (in an assigned range of the plan) become keys; a merely
/// <em>possible</em> one (right length, unassigned range) is refused, see <see cref="PhoneNumberCheck.PossibleButNotValid"/>.
/// </para>
/// <para>
/// Before libphonenumber sees it, the text must look like a phone number and nothing else: digits (any script),
/// the separators people type, one leading <c>+</c>, a leading <c>tel:</c> and a trailing extension. libphonenumber
/// is built to find a number inside text ("call 0151 ...") and reads letters as a keypad's ("1-800-FLOWERS"), so a
/// typed letter O for a zero would silently become another person's number; an identity key must not guess.
/// Numbers of one repeated digit ("0000000", "+1 555 555 5555") are placeholders typed into required fields.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
internal sealed class PhoneNumberNormalizer
{
    private const int MaxDigits = 24;
    private const int MaxExtensionDigits = 10;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <param name="defaultRegion">ISO 3166-1 alpha-2 code (case-insensitive) used to read national numbers.</param>
    /// <exception cref="ArgumentException">The region is unknown or has no calling code.</exception>
    public PhoneNumberNormalizer(string defaultRegion)
    {
        ArgumentNullException.ThrowIfNull(defaultRegion);
        var code = defaultRegion.ToUpperInvariant();
        if (code.Length != 2 || !char.IsAsciiLetterUpper(code[0]) || !char.IsAsciiLetterUpper(code[1])
            || !Util.GetSupportedRegions().Contains(code))
        {
            throw new ArgumentException(
                $"Unknown region '{defaultRegion}': expected an ISO 3166-1 alpha-2 code of a region with a " +
                "telephone calling code, such as \"DE\" or \"US\".",
                nameof(defaultRegion));
        }
        DefaultRegion = code;
    }

    /// <summary>The default region, upper-case (e.g. "DE").</summary>
    public string DefaultRegion { get; }

    /// <summary>Normalises <paramref name="raw"/> to E.164 ("+4915123456789").</summary>
    /// <returns>False, with <paramref name="e164"/> empty, if the input is not a valid phone number.</returns>
    public bool TryNormalize(string? raw, out string e164)
    {
        if (Check(raw, out e164) == PhoneNumberCheck.Valid)
        {
            return true;
        }
        e164 = "";
        return false;
    }

    /// <summary>Reads <paramref name="raw"/> and says what it is.</summary>
    /// <param name="e164">The E.164 form when the number is at least possible; empty otherwise.</param>
    public PhoneNumberCheck Check(string? raw, out string e164)
    {
        e164 = "";
        if (raw is null)
        {
            return PhoneNumberCheck.NotPossible;
        }
        var text = raw.AsSpan().Trim();
        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }
        if (!LooksLikeAPhoneNumber(text, out var length))
        {
            return PhoneNumberCheck.NotPossible;
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(Plain(text[..length]), DefaultRegion); // the extension, if any, is left out
        }
        catch (NumberParseException)
        {
            return PhoneNumberCheck.NotPossible;
        }
        var national = Util.GetNationalSignificantNumber(number);
        // "0000000", "1111111111": placeholder values typed into required form fields.
        if (national.Length == 0 || national.AsSpan().IndexOfAnyExcept(national[0]) < 0 || !Util.IsPossibleNumber(number))
        {
            return PhoneNumberCheck.NotPossible;
        }
        e164 = Util.Format(number, PhoneNumberFormat.E164);
        return Util.IsValidNumber(number) ? PhoneNumberCheck.Valid : PhoneNumberCheck.PossibleButNotValid;
    }

    /// <summary>
    /// Why <paramref name="raw"/> is not a valid number, read as <see cref="Check"/> reads it; null when it is valid.
    /// For messages only (it parses again), so a person can be told "too short for US", not just "not valid".
    /// </summary>
    public PhoneNumberProblem? Problem(string? raw)
    {
        if (raw is null)
        {
            return new PhoneNumberProblem(PhoneNumberFault.NotANumber, null, false);
        }
        if (Check(raw, out _) == PhoneNumberCheck.Valid)
        {
            return null;
        }
        var text = raw.AsSpan().Trim();
        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }
        if (!LooksLikeAPhoneNumber(text, out var length))
        {
            return new PhoneNumberProblem(PhoneNumberFault.NotANumber, null, false);
        }
        PhoneNumber number;
        try
        {
            number = Util.ParseAndKeepRawInput(Plain(text[..length]), DefaultRegion);
        }
        catch (NumberParseException e)
        {
            return new PhoneNumberProblem(e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => PhoneNumberFault.UnknownCallingCode,
                ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_SHORT_NSN => PhoneNumberFault.TooShort,
                ErrorType.TOO_LONG => PhoneNumberFault.TooLong,
                _ => PhoneNumberFault.NotANumber,
            }, null, false);
        }
        var withoutCountryCode = number.CountryCodeSource == PhoneNumber.Types.CountryCodeSource.FROM_DEFAULT_COUNTRY;
        var region = Util.GetRegionCodeForCountryCode(number.CountryCode);
        if (region == "ZZ")
        {
            return new PhoneNumberProblem(PhoneNumberFault.UnknownCallingCode, null, withoutCountryCode);
        }
        var national = Util.GetNationalSignificantNumber(number);
        if (national.Length > 0 && national.AsSpan().IndexOfAnyExcept(national[0]) < 0)
        {
            return new PhoneNumberProblem(PhoneNumberFault.Placeholder, region, withoutCountryCode);
        }
        return new PhoneNumberProblem(Util.IsPossibleNumberWithReason(number) switch
        {
            PhoneNumberUtil.ValidationResult.IS_POSSIBLE => PhoneNumberFault.NotAssigned,
            PhoneNumberUtil.ValidationResult.TOO_SHORT or PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY => PhoneNumberFault.TooShort,
            PhoneNumberUtil.ValidationResult.TOO_LONG => PhoneNumberFault.TooLong,
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => PhoneNumberFault.UnknownCallingCode,
            _ => PhoneNumberFault.WrongLength,
        }, region, withoutCountryCode);
    }

    // Digits, separators, one '+' before the first digit, and an optional extension at the end: nothing else.
    // length: where the number ends (before the extension).
    private static bool LooksLikeAPhoneNumber(ReadOnlySpan<char> text, out int length)
    {
        length = text.Length;
        var digits = 0;
        var plus = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsDigit(c))
            {
                if (++digits > MaxDigits)
                {
                    return false; // far too long to be a phone number
                }
            }
            else if (IsSeparator(c))
            {
                continue;
            }
            else if (c is '+' or '\uFF0B')
            {
                // Only before the first digit: "(+49) 30 ..." is fine, "++49" and "49+30" are not.
                if (plus || digits > 0)
                {
                    return false;
                }
                plus = true;
            }
            else
            {
                length = i;
                return digits > 0 && IsExtension(text[i..]);
            }
        }
        return digits > 0;
    }

    // The number as libphonenumber reads it best: ASCII digits, '+', and spaces for whatever separated them
    // (it does not know every Unicode space: a thin space or a tab would fail the parse).
    private static string Plain(ReadOnlySpan<char> number)
    {
        Span<char> plain = number.Length <= 64 ? stackalloc char[number.Length] : new char[number.Length];
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            plain[i] = char.IsAsciiDigit(c) ? c
                : char.IsDigit(c) ? (char)('0' + (int)char.GetNumericValue(c))
                : c is '+' or '\uFF0B' ? '+'
                : c is '(' or ')' ? c
                : ' ';
        }
        return new string(plain);
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
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        return i == text.Length && i - start is >= 1 and <= MaxExtensionDigits;
    }
}

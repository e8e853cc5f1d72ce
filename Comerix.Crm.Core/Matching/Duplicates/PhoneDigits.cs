namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// Phone numbers compared by their digits. The engine keys phones in E.164, but a number it could not read for its
/// region (a foreign national number, "030/1234567" on a US site) is kept as written, and the same line then reaches
/// the CRM as "+49 30 1234567", "030 1234567" and "0049 30 1234567". Country codes and trunk prefixes sit at the
/// front, so the last nine digits (enough to name a line in any numbering plan) decide.
/// </summary>
internal static class PhoneDigits
{
    /// <summary>The number's trailing digits that are compared.</summary>
    public const int Compared = 9;

    /// <summary>The digits block a phone by: fewer than compared, so a typo in the area code still meets.</summary>
    public const int Blocked = 7;

    /// <summary>The digits of the number, or "" when it has too few to name a line.</summary>
    public static string Of(string phone)
    {
        Span<char> digits = stackalloc char[Math.Min(phone.Length, 32)];
        var count = 0;
        foreach (var c in phone)
        {
            if (char.IsAsciiDigit(c) && count < digits.Length)
            {
                digits[count++] = c;
            }
        }
        return count < Blocked ? "" : new string(digits[..count]);
    }

    /// <summary>The same line: equal digits, or equal in the last <see cref="Compared"/> (or in all of the shorter, if shorter).</summary>
    public static bool SameLine(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }
        var length = Math.Min(Compared, Math.Min(a.Length, b.Length));
        return a.AsSpan(a.Length - length).SequenceEqual(b.AsSpan(b.Length - length));
    }

    public static Evidence Compare(IReadOnlyList<string> a, IReadOnlyList<string> b, IReadOnlyList<string> writtenA, IReadOnlyList<string> writtenB)
    {
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < b.Count; j++)
            {
                if (SameLine(a[i], b[j]))
                {
                    return new Evidence(DuplicateWeights.SamePhone,
                        writtenA[i] == writtenB[j] ? "same phone" : "same phone, written differently");
                }
            }
        }
        return Evidence.Nothing;
    }
}

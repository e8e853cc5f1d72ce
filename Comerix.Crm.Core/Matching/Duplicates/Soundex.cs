using System.Text;

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// American Soundex of a folded word ("smith", "smyth", "smiht" → S530): the blocking key that keeps a misspelt
/// family name in the same block as the right one. Only for blocking: two names with one code are merely compared,
/// never taken for one.
/// </summary>
internal static class Soundex
{
    public static string Of(string folded)
    {
        if (folded.Length == 0 || !char.IsAsciiLetter(folded[0]))
        {
            return folded; // a name in another script (or a number) is its own key
        }
        var code = new StringBuilder(4).Append(char.ToUpperInvariant(folded[0]));
        var last = Digit(folded[0]);
        for (var i = 1; i < folded.Length && code.Length < 4; i++)
        {
            var c = folded[i];
            var digit = Digit(c);
            if (digit != '0' && digit != last)
            {
                code.Append(digit);
            }
            if (c is not ('h' or 'w'))
            {
                last = digit; // h and w do not separate two letters of one code; vowels do
            }
        }
        return code.ToString().PadRight(4, '0');
    }

    private static char Digit(char c) => c switch
    {
        'b' or 'f' or 'p' or 'v' => '1',
        'c' or 'g' or 'j' or 'k' or 'q' or 's' or 'x' or 'z' => '2',
        'd' or 't' => '3',
        'l' => '4',
        'm' or 'n' => '5',
        'r' => '6',
        _ => '0',
    };
}

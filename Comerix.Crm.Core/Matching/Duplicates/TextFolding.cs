using System.Globalization;
using System.Text;

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// Text as people mean it rather than as they typed it: lower case, accents gone ("José" → "jose", "Müller" →
/// "muller"), the letters Unicode does not decompose spelled in Latin ("ß" → "ss", "ø" → "o"), anything that is not
/// a letter or digit a space. A CRM's names come from forms, spreadsheets and phones that each drop accents
/// differently, so only the folded forms can be compared.
/// <para>
/// FormD decomposition strips what it decomposes, but the product runs with invariant globalization, where
/// <see cref="string.Normalize(NormalizationForm)"/> leaves precomposed letters as they are: so the Latin letters with
/// diacritics (Latin-1, Latin Extended-A/B and Additional: every European and Vietnamese one) are also looked up in a
/// table made from Unicode's own decompositions.
/// </para>
/// </summary>
internal static class TextFolding
{
    private const string Accented =
        "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏő" +
        "ŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯ" +
        "ȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳ" +
        "ṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘẙạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừử" +
        "ữựỳỵỷỹ";

    private const string Plain =
        "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooo" +
        "rrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooo" +
        "oyabbbcdddddeeeeefghhhhhiikkkllllmmmnnnnoooopprrrrsssssttttu" +
        "uuuuvvwwwwwxxyzzzhtwyaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuu" +
        "uuyyyy";

    private static readonly Dictionary<char, char> Bases = Accented.Zip(Plain).ToDictionary(p => p.First, p => p.Second);

    /// <summary>The folded text, words separated by single spaces. Apostrophes join ("O'Brien" → "obrien").</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’' or '`' or '´')
            {
                continue; // the accent of "é", or an apostrophe inside a name
            }
            if (char.IsLetterOrDigit(c))
            {
                var lower = char.ToLowerInvariant(c);
                AppendLetter(folded, Bases.TryGetValue(lower, out var plain) ? plain : lower);
            }
            else if (folded.Length > 0 && folded[^1] != ' ')
            {
                folded.Append(' ');
            }
        }
        return folded.ToString().TrimEnd();
    }

    /// <summary>The folded text with nothing but letters and digits ("Acme GmbH & Co." → "acmegmbhco").</summary>
    public static string Squash(string? text) => Fold(text).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Letters no decomposition takes apart, in the spelling a keyboard without them uses.</summary>
    private static readonly Dictionary<char, string> Spelled = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['ł'] = "l", ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ı'] = "i",
    };

    private static void AppendLetter(StringBuilder folded, char c)
    {
        if (Spelled.TryGetValue(c, out var spelled))
        {
            folded.Append(spelled);
        }
        else
        {
            folded.Append(c);
        }
    }
}

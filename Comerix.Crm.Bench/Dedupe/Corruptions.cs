using System.Globalization;
using System.Text;
using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// The ways a record of a person goes wrong when a person or a system types it: each is one controlled change the
/// generator applies with a stated probability, so the benchmark measures the finder on known corruptions.
/// </summary>
internal sealed class Corruptions(Random random)
{
    private const string Keyboard = "qwertyuiopasdfghjklzxcvbnm";

    /// <summary>One typo in a word of at least four letters: a letter swapped with its neighbour, dropped, doubled or replaced.</summary>
    public string Typo(string word)
    {
        if (word.Length < 4)
        {
            return word;
        }
        // Mostly past the first letter, as people type: the first is the one they check.
        var at = random.NextDouble() < 0.1 ? 0 : random.Next(1, word.Length - 1);
        var letters = new StringBuilder(word);
        switch (random.Next(4))
        {
            case 0 when at + 1 < word.Length:
                (letters[at], letters[at + 1]) = (letters[at + 1], letters[at]);
                break;
            case 1:
                letters.Remove(at, 1);
                break;
            case 2:
                letters.Insert(at, letters[at]);
                break;
            default:
                var replacement = Keyboard[random.Next(Keyboard.Length)];
                letters[at] = char.IsUpper(word[at]) ? char.ToUpperInvariant(replacement) : replacement;
                break;
        }
        return letters.ToString();
    }

    /// <summary>A short form the person goes by, when the name has one (Robert → Bob, Josef → Sepp).</summary>
    public string? Nickname(string given)
    {
        var folded = TextFolding.Squash(given);
        var forms = NicknameForms(folded);
        return forms.Count == 0 ? null : Capitalised(forms[random.Next(forms.Count)]);
    }

    /// <summary>The name without its accents (as an ASCII keyboard or an old system writes it), or transliterated (ü → ue).</summary>
    public string WithoutAccents(string name) => random.NextDouble() < 0.5
        ? string.Concat(name.Select(c => c < 128 || !char.IsLetter(c) ? c.ToString()
            : char.IsUpper(c) ? TextFolding.Fold(c.ToString()).ToUpperInvariant() : TextFolding.Fold(c.ToString())))
        : name.Replace("ü", "ue", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("ä", "ae", StringComparison.Ordinal)
            .Replace("ß", "ss", StringComparison.Ordinal).Replace("é", "e", StringComparison.Ordinal).Replace("í", "i", StringComparison.Ordinal)
            .Replace("á", "a", StringComparison.Ordinal).Replace("ó", "o", StringComparison.Ordinal).Replace("ú", "u", StringComparison.Ordinal);

    /// <summary>The phone as one of the ways people write a German number; all of them one line.</summary>
    public static string PhoneWritten((string Area, string Line) number, int style)
    {
        var (area, line) = number;
        var grouped = line.Length > 4 ? $"{line[..3]} {line[3..]}" : line;
        return (style % 7) switch
        {
            0 => $"+49 {area} {line}",
            1 => $"0{area} {line}",
            2 => $"0{area}/{line}",
            3 => $"0049 {area} {line}",
            4 => $"+49 (0){area} {grouped}",
            5 => $"0{area}{line}",
            _ => $"(0{area}) {grouped}",
        };
    }

    /// <summary>A birth date written as systems write them.</summary>
    public string DateWritten(DateOnly date) => random.Next(3) switch
    {
        0 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        1 => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        _ => date.ToString("d.M.yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>"Hauptstraße 5" as "Hauptstr. 5", the usual abbreviation.</summary>
    public static string Abbreviated(string street) => street.Replace("straße", "str.", StringComparison.Ordinal);

    private static List<string> NicknameForms(string folded)
    {
        // The scorer's table read backwards: the short forms of this full name.
        var forms = new List<string>();
        foreach (var candidate in NicknameCandidates)
        {
            if (candidate != folded && Nicknames.FullNamesOf(candidate).Contains(folded))
            {
                forms.Add(candidate);
            }
        }
        return forms;
    }

    // Short forms the generator may use (a fixed list: the generator does not reach into the scorer's private table).
    private static readonly string[] NicknameCandidates =
    [
        "bob", "bobby", "rob", "robbie", "bill", "billy", "will", "liz", "lizzie", "beth", "betty", "kate", "katie", "kathy",
        "jim", "jimmy", "jamie", "mike", "mick", "dick", "rick", "rich", "peggy", "maggie", "meg", "tony", "chris", "pete",
        "hans", "hannes", "sepp", "paco", "pepe", "sally", "nick", "dan", "danny", "dave", "tom", "tommy", "matt", "joe",
        "jack", "johnny", "jon", "jen", "jenny", "jess", "pat", "patty", "sue", "becky", "sam", "ben", "ted", "ned", "eddie",
        "hank", "harry", "charlie", "tim", "alex", "sascha", "fred", "ken", "greg", "ray", "deb", "debbie", "dot", "barb",
        "angie", "nacho", "manolo", "lola", "quique", "fritz", "heinz", "uli", "andi", "gabi", "franzi", "lena", "nico", "isa",
        "guy", "vicky", "matze",
    ];

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// A display name taken apart for comparison: its words folded (<see cref="TextFolding"/>), titles and name
/// particles left out, initials kept as one-letter words. Which word is the given name and which the family name is
/// not decided: "Smith, John", "John Smith" and "SMITH John" are all written, so names are compared word against
/// word in any order.
/// </summary>
internal sealed class PersonName
{
    // More words than this are middle names and suffixes that add nothing but comparisons.
    private const int MaxWords = 4;

    // Said before or after a name, not part of it.
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "mme", "mlle",
        "sr", "sra", "srta", "don", "dona", "jr", "junior", "senior", "ii", "iii", "iv", "phd", "md", "dipl", "ing", "mag",
    };

    // Particles that some records keep and others drop ("Maria de la Cruz", "Maria Cruz"; "van der Berg", "Berg").
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "del", "della", "la", "le", "du", "di", "da", "dos", "das", "y", "zu", "ten", "ter",
    };

    public static PersonName Empty { get; } = new([], []);

    private PersonName(string[] words, string[] written)
    {
        Words = words;
        Written = written;
    }

    /// <summary>The folded words, in the order written; an initial is one letter.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The same words lower-cased but with their accents, to tell "accents differ" from "typo".</summary>
    public IReadOnlyList<string> Written { get; }

    public bool IsEmpty => Words.Count == 0;

    /// <summary>All the words sorted and joined: where a name sorts in an oversized block, whatever order it was written in.</summary>
    public string SortKey => string.Join(' ', Words.Where(w => w.Length > 1).Order(StringComparer.Ordinal));

    public static PersonName Parse(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return Empty;
        }
        var words = new List<string>();
        var written = new List<string>();
        foreach (var raw in displayName.Split([' ', ',', '.', '-', '_', '/', '(', ')', '"', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var folded = TextFolding.Squash(raw);
            if (folded.Length == 0 || Titles.Contains(folded) || (Particles.Contains(folded) && raw.Length > 1 && char.IsLower(raw[0])))
            {
                continue; // a lower-case "de"/"van" is a particle; "De" at the start of "De Vries" may be the name itself
            }
            if (words.Count == MaxWords)
            {
                break;
            }
            words.Add(folded);
            written.Add(raw.ToLowerInvariant());
        }
        return new PersonName([.. words], [.. written]);
    }
}

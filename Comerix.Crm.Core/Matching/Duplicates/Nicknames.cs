namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// Given names and the short forms people go by (Bob for Robert, Peggy for Margaret, Sepp for Josef), folded as
/// <see cref="TextFolding"/> folds them. Compact on purpose: the common English forms and a few German, French and
/// Spanish ones, each a form that is rarely anyone else's name. A short form shared by two names (Chris, Alex, Sam)
/// belongs to both, and matches either. Only for proposing: a nickname match is one piece of evidence, never a merge.
/// </summary>
internal static class Nicknames
{
    // Full name: the forms it goes by. Folded spellings (jose for José).
    private static readonly string[] Table =
    [
        "abigail: abby abbie gail", "abraham: abe", "albert: al bert bertie", "alexander: alex alec sandy xander sasha",
        "alexandra: alex sandra sandy lexi sasha", "alfred: alf alfie fred", "andrew: andy drew", "angela: angie",
        "anthony: tony ant", "antonio: tono toni", "arthur: art artie", "barbara: barb babs", "benjamin: ben benny benji",
        "catherine: cathy kate katie kit cath", "katherine: kathy kate katie kat kay", "charles: charlie chuck chas",
        "christopher: chris kit topher", "christine: chris chrissy tina", "christian: chris", "daniel: dan danny",
        "david: dave davy", "deborah: deb debbie", "donald: don donnie", "dorothy: dot dottie dolly", "douglas: doug",
        "edward: ed eddie ted ned", "edmund: ed ned", "elizabeth: liz lizzie beth betty bette eliza libby lisa elsa betsy",
        "emily: em emmy", "eugene: gene", "frances: fran fanny", "francis: frank", "frederick: fred freddie", "gabriel: gabe",
        "gerald: gerry jerry", "gregory: greg", "harold: harry hal", "henry: hank harry hal", "isabella: bella izzy",
        "jacob: jake", "james: jim jimmy jamie", "janet: jan", "jeffrey: jeff", "jennifer: jen jenny", "jessica: jess jessie",
        "john: jack johnny jon", "jonathan: jon jonny", "joseph: joe joey", "joshua: josh", "judith: judy", "kenneth: ken kenny",
        "lawrence: larry", "leonard: leo len lenny", "louis: lou", "margaret: maggie meg peggy marge madge greta",
        "matthew: matt", "michael: mike mikey mick", "nicholas: nick nicky", "patricia: pat patty trish tricia",
        "patrick: pat paddy", "peter: pete", "philip: phil", "rebecca: becky becca", "richard: rick dick rich ricky",
        "robert: bob bobby rob robbie bert", "ronald: ron ronnie", "samuel: sam sammy", "samantha: sam sammy",
        "sarah: sally sadie", "stephen: steve", "steven: steve", "susan: sue susie", "theodore: ted teddy theo",
        "thomas: tom tommy", "timothy: tim timmy", "victoria: vicky tori", "walter: walt wally", "william: bill billy will willy liam",
        "virginia: ginny", "mary: molly polly mae", "raymond: ray", "ronald: ron", "vincent: vince", "zachary: zach zack",
        "nathaniel: nate nat", "nathan: nate", "maximilian: max", "maxwell: max", "benedict: ben", "eleanor: ellie nora",
        "helen: nell", "ann: annie nan", "anne: annie nan", "caroline: carrie", "suzanne: suzy sue", "valerie: val",
        // German
        "johannes: hans jo johann hannes", "josef: sepp seppi beppo", "joseph: sepp", "wolfgang: wolf", "friedrich: fritz",
        "franziska: franzi", "katharina: kathi katja", "magdalena: lena", "elisabeth: lisa liesel elli sissi", "margarete: grete gretel",
        "matthias: matze", "alexander: sascha", "christoph: chris", "stefan: steffen", "heinrich: heinz", "ulrich: uli",
        "andreas: andi", "thomas: tommi", "susanne: susi", "gabriele: gabi", "christiane: christa",
        // French
        "francois: francky", "guillaume: guy", "marguerite: margot", "isabelle: isa", "nicolas: nico",
        // Spanish
        "francisco: paco pancho curro", "jose: pepe chepe", "josefa: pepa", "ignacio: nacho", "guadalupe: lupe",
        "dolores: lola", "enrique: quique", "manuel: manolo", "concepcion: concha conchita", "rosario: charo", "jesus: chuy",
    ];

    private static readonly Dictionary<string, string[]> FullNames = Build();

    // Full name → every form that stands for it (itself, its short forms): the spellings a typo may have been made in.
    private static readonly Dictionary<string, string[]> Forms = FullNames
        .SelectMany(p => p.Value.Select(full => (Full: full, Form: p.Key)))
        .GroupBy(p => p.Full, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Form).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// The full names a given name can stand for: itself, and every name it is a short form of ("chris" →
    /// chris, christopher, christine, christian). Compared by intersection.
    /// </summary>
    public static IReadOnlyList<string> FullNamesOf(string folded) => FullNames.TryGetValue(folded, out var names) ? names : [folded];

    /// <summary>
    /// Every spelling that names the same person as <paramref name="folded"/> does: the full names it stands for and
    /// all their short forms ("jimmy" → james, jim, jimmy, jamie). Empty for a name the table does not know.
    /// </summary>
    public static IEnumerable<string> SpellingsOf(string folded) =>
        FullNames.TryGetValue(folded, out var names) ? names.SelectMany(n => Forms[n]).Distinct(StringComparer.Ordinal) : [];

    /// <summary>True when one is a short form of the other, or both of one full name (Bobby and Rob).</summary>
    public static bool AreSameName(string a, string b)
    {
        if (a == b)
        {
            return false; // not a nickname match: the same word
        }
        var left = FullNamesOf(a);
        var right = FullNamesOf(b);
        foreach (var name in left)
        {
            foreach (var other in right)
            {
                if (name == other)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static Dictionary<string, string[]> Build()
    {
        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add(string form, string full)
        {
            if (!names.TryGetValue(form, out var set))
            {
                names[form] = set = [form];
            }
            set.Add(full);
        }
        foreach (var line in Table)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var full = line[..colon].Trim().Replace(" ", "", StringComparison.Ordinal);
            Add(full, full);
            foreach (var form in line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                Add(form, full);
            }
        }
        return names.ToDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }
}

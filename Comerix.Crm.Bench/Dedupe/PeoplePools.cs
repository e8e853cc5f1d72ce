namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// What generated people are made of: given names (many with a short form the scorer knows, and many without),
/// family names with and without accents, German cities with their area codes, streets, companies and mail providers.
/// Ordered most common first: the generator draws with a Zipf-like skew, so common names ("Müller", "Maria Garcia")
/// repeat as in a real directory and namesakes arise by themselves.
/// </summary>
internal static class PeoplePools
{
    public static readonly string[] GivenNames =
    [
        "Maria", "John", "Thomas", "Michael", "Anna", "Robert", "Elizabeth", "James", "William", "Katherine", "Peter", "Sarah",
        "Christopher", "Margaret", "Richard", "Anthony", "Johannes", "Josef", "José", "Francisco", "Laura", "Julia", "Daniel",
        "David", "Andreas", "Stefan", "Sabine", "Monika", "Petra", "Claudia", "Lukas", "Jonas", "Sophie", "Lea", "Hannah",
        "Emma", "Mia", "Paul", "Felix", "Jürgen", "Günter", "Renée", "François", "Zoë", "Ángel", "Inés", "Joaquín", "Chloé",
        "Hélène", "Søren", "Björn", "Matthew", "Joseph", "Jennifer", "Jessica", "Patricia", "Susan", "Rebecca", "Samuel",
        "Benjamin", "Nicholas", "Edward", "Henry", "Charles", "Timothy", "Jonathan", "Victoria", "Alexander", "Frederick",
        "Kenneth", "Gregory", "Raymond", "Deborah", "Dorothy", "Barbara", "Angela", "Ignacio", "Manuel", "Dolores", "Enrique",
        "Friedrich", "Heinrich", "Ulrich", "Wolfgang", "Gabriele", "Susanne", "Franziska", "Magdalena", "Matthias", "Nicolas",
        "Isabelle", "Guillaume", "Olga", "Ivan", "Aylin", "Mehmet", "Fatma", "Ahmet", "Priya", "Rahul", "Wei", "Yuki", "Kofi",
        "Amara", "Sven", "Ingrid", "Astrid", "Kerstin", "Dirk", "Uwe", "Heike", "Birgit", "Jan", "Jana", "Tobias", "Tim", "Nina",
        "Carla", "Carlos", "Lucía", "Pablo", "Sergio", "Elena", "Marta", "Diego", "Marco", "Luca", "Giulia", "Chiara", "Paolo",
    ];

    public static readonly string[] FamilyNames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Smith",
        "Garcia", "Johnson", "Brown", "Jones", "Miller", "Davis", "Martínez", "Rodríguez", "López", "González", "Fernández",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
        "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid",
        "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang",
        "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger",
        "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter",
        "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich",
        "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn",
        "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Williams", "Wilson", "Taylor",
        "Anderson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Pérez", "Sánchez", "Ramírez", "Torres",
        "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Jiménez",
        "Núñez", "Lefèvre", "Dubois", "Moreau", "Laurent", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
        "Bérard", "Mercier", "Faure", "André", "Chevalier", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Nowak",
        "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
        "Romano", "Colombo", "Ricci", "Marino", "Greco", "Nguyen", "Tran", "Le", "Pham", "Kim", "Lee", "Park", "Choi", "Wang",
        "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Patel", "Sharma", "Singh", "Kumar", "Gupta", "Ivanov", "Petrov",
        "Sokolov", "Popescu", "Horvath", "Novak", "Andersen", "Nielsen", "Hansen", "Johansson", "Larsson", "Eriksson",
        "O'Brien", "O'Connor", "McDonald", "MacLeod", "van der Berg", "de Vries", "van Dijk", "Jansen", "de Jong", "Bakker",
    ];

    /// <summary>City, its area code (national, without the 0), and the first two digits of its postcodes.</summary>
    public static readonly (string City, string AreaCode, string PostcodePrefix)[] Cities =
    [
        ("Berlin", "30", "10"), ("Hamburg", "40", "20"), ("München", "89", "80"), ("Köln", "221", "50"), ("Frankfurt am Main", "69", "60"),
        ("Stuttgart", "711", "70"), ("Düsseldorf", "211", "40"), ("Leipzig", "341", "04"), ("Dortmund", "231", "44"), ("Essen", "201", "45"),
        ("Bremen", "421", "28"), ("Dresden", "351", "01"), ("Hannover", "511", "30"), ("Nürnberg", "911", "90"), ("Duisburg", "203", "47"),
        ("Bochum", "234", "44"), ("Wuppertal", "202", "42"), ("Bielefeld", "521", "33"), ("Bonn", "228", "53"), ("Münster", "251", "48"),
        ("Mannheim", "621", "68"), ("Karlsruhe", "721", "76"), ("Augsburg", "821", "86"), ("Wiesbaden", "611", "65"), ("Kiel", "431", "24"),
        ("Freiburg im Breisgau", "761", "79"), ("Lübeck", "451", "23"), ("Rostock", "381", "18"), ("Kassel", "561", "34"), ("Mainz", "6131", "55"),
    ];

    public static readonly string[] Streets =
    [
        "Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße", "Birkenweg", "Lindenstraße",
        "Kirchstraße", "Waldstraße", "Ringstraße", "Schillerstraße", "Goethestraße", "Wiesenweg", "Mühlenweg", "Am Markt",
        "Friedhofstraße", "Jahnstraße", "Rosenstraße", "Feldstraße", "Poststraße", "Parkstraße", "Talstraße", "Mozartstraße",
        "Beethovenstraße", "Blumenstraße", "Eichenweg", "Buchenweg", "Ahornweg", "Kastanienallee", "Friedrichstraße", "Königstraße",
    ];

    public static readonly string[] Providers =
        ["gmail.com", "web.de", "gmx.de", "t-online.de", "yahoo.com", "outlook.com", "icloud.com", "gmx.net", "posteo.de", "mail.de"];

    public static readonly string[] CompanyWords =
    [
        "Nordlicht", "Alpen", "Rhein", "Elbe", "Sonnen", "Berg", "Stadt", "Hansa", "Phoenix", "Atlas", "Vega", "Orion", "Delta",
        "Kappa", "Falken", "Adler", "Eichen", "Linden", "Blau", "Grün", "Kristall", "Stern", "Polar", "Kompass", "Anker",
    ];

    public static readonly string[] CompanyKinds =
        ["Logistik", "Software", "Bau", "Medien", "Consulting", "Technik", "Handel", "Energie", "Versicherung", "Design", "Labs", "Systems"];

    public static readonly string[] LegalForms = ["GmbH", "AG", "GmbH & Co. KG", "SE", "KG", "e.K.", "Ltd", "Inc."];

    /// <summary>
    /// Local parts people invent (not spelling their name), to which digits are added: such a name at another provider
    /// is strong evidence; "maria.garcia" there is not.
    /// </summary>
    public static readonly string[] Handles =
    [
        "sunny", "bluebird", "tiger", "sternchen", "mausi", "skater", "rocket", "pixel", "lucky", "shadow", "wolke", "kiwi",
        "panda", "falcon", "ninja", "blitz", "moonlight", "surfer", "cookie", "dragon", "snoopy", "hummel", "flocke", "nordwind",
    ];
}

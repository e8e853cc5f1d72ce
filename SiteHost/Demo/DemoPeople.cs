namespace Comerix.SiteHost.Demo;

/// <summary>Deterministic, plausible people for the demo: the same seed gives the same people every time.</summary>
internal static class DemoPeople
{
    private static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sofia", "Elijah", "Mia", "Lucas", "Aisha", "Mateo", "Yuki",
        "Hannah", "Ravi", "Chloe", "Diego", "Ingrid", "Kwame", "Lena", "Marco", "Nadia", "Omar", "Priya", "Quentin",
        "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Anika", "Bruno", "Carmen", "Dmitri",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Garcia", "Müller", "Rossi", "Nguyen", "Okafor", "Kowalski", "Johansson", "Tanaka", "Patel", "Dubois",
        "Silva", "Murphy", "Cohen", "Novak", "Larsen", "Haddad", "Fischer", "Moreau", "Costa", "Byrne", "Ivanova",
        "Khan", "Lopez", "Andersen", "Schmidt", "Yamamoto", "Reyes", "Walsh", "Hughes",
    ];

    private static readonly string[] Companies =
    [
        "Northwind Traders", "Contoso", "Fabrikam", "Adventure Works", "Tailspin Toys", "Wide World Importers",
        "Lakeside Bakery", "Blue Yonder Airlines", "Alpine Ski House", "Margie's Travel", "Proseware", "Litware",
        "Coho Winery", "Woodgrove Bank", "Fourth Coffee", "Graphic Design Institute",
    ];

    public static readonly string[] Pages =
    [
        "/", "/pricing", "/features", "/blog/identity-graphs", "/docs/getting-started", "/contact", "/about", "/checkout",
        "/products/starter", "/products/pro", "/careers", "/blog/gdpr-erasure",
    ];

    public static readonly string[] Questions =
    [
        "Do you offer a discount for non-profits?", "Can I import my existing customers from a CSV file?",
        "Is there an API for sending events from our backend?", "How does billing work if we add a second site?",
        "My order confirmation never arrived.", "Do you support single sign-on?", "Can I change my delivery address?",
    ];

    public sealed record Person(int Index, string FirstName, string LastName, string Email, string? Phone, string? Company)
    {
        public string Name => $"{FirstName} {LastName}";
    }

    public static Person Create(Random random, int index)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var company = random.NextDouble() < 0.6 ? Companies[random.Next(Companies.Length)] : null;
        var domain = company is null
            ? new[] { "example.com", "mail.example", "inbox.example" }[random.Next(3)]
            : company.ToLowerInvariant().Replace(" ", "").Replace("'", "") + ".example";
        var email = $"{Ascii(first)}.{Ascii(last)}{index}@{domain}".ToLowerInvariant();
        // Derived from the index, never drawn at random: two demo people sharing a phone would be merged, rightly.
        var phone = random.NextDouble() < 0.5 ? $"+1 415 {200 + index / 10000} {index % 10000:0000}" : null;
        return new Person(index, first, last, email, phone, company);
    }

    private static string Ascii(string value) => value.Replace("ü", "u").Replace("ö", "o");
}

using System.Globalization;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// The dedupe benchmark's command line. Without <c>--file</c> it generates its labelled file; with it, any labelled CSV
/// is read through the mappings given, so the finder can be scored on data it was never tuned on.
/// </summary>
/// <param name="Mappings">
/// What each field is read from: "name" (a whole name) or "first_name"/"last_name", "email", "phone", "company", and
/// "trait:KEY" for a trait that helps find duplicates (birth date, postcode, city, street, or any other).
/// </param>
internal sealed record DedupeArguments(
    int Records, int Seed, int? Scale, string? File, string IdColumn, string ClusterColumn, IReadOnlyDictionary<string, string> Mappings,
    string PhoneRegion, bool Import, int Explain = 0)
{
    public const string Usage =
        "dedupe [--records N] [--seed S] [--scale N] [--no-import] [--explain N] [--phone-region DE] [--file F --id-column C --cluster-column K " +
        "[--map name=COL | --map first_name=COL --map last_name=COL] [--map email=COL] [--map phone=COL] [--map company=COL] [--map trait:KEY=COL ...]]";

    /// <summary>How the generated file's columns are read.</summary>
    public static IReadOnlyDictionary<string, string> GeneratedMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["first_name"] = "first_name", ["last_name"] = "last_name", ["email"] = "email", ["phone"] = "phone", ["company"] = "company",
        ["trait:birth_date"] = "birth_date", ["trait:postcode"] = "postcode", ["trait:city"] = "city", ["trait:street"] = "street",
    };

    public static DedupeArguments Parse(string[] args)
    {
        var records = 20_000;
        var seed = 20;
        int? scale = null;
        string? file = null;
        string id = "record_id", cluster = "cluster_id", region = "DE";
        var import = true;
        var explain = 0;
        var mappings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--records":
                    records = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--scale":
                    scale = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--no-import":
                    import = false;
                    break;
                case "--explain":
                    explain = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--phone-region":
                    region = Next();
                    break;
                case "--file":
                    file = Next();
                    break;
                case "--id-column":
                    id = Next();
                    break;
                case "--cluster-column":
                    cluster = Next();
                    break;
                case "--map":
                    var mapping = Next();
                    var equals = mapping.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0 || !IsField(mapping[..equals]))
                    {
                        throw new ArgumentException($"--map takes FIELD=COLUMN with FIELD one of name, first_name, last_name, email, phone, company, trait:KEY. Usage: {Usage}");
                    }
                    mappings[mapping[..equals]] = mapping[(equals + 1)..];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: {Usage}");
            }
        }
        return new DedupeArguments(records, seed, scale, file, id, cluster, file is null || mappings.Count == 0 ? GeneratedMappings : mappings, region, import, explain);
    }

    private static bool IsField(string field) =>
        field is "name" or "first_name" or "last_name" or "email" or "phone" or "company" || (field.StartsWith("trait:", StringComparison.Ordinal) && field.Length > 6);
}

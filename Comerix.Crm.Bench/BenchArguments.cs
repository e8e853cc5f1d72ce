using Comerix.Crm.Data;

namespace Comerix.Crm.Bench;

internal sealed record BenchArguments(int Events, int Batch, IReadOnlyList<string> Providers)
{
    public static BenchArguments Parse(string[] args)
    {
        var events = 1_000_000;
        var batch = 1_000;
        var provider = "all";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "ingest":
                    break;
                case "--events":
                    events = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--batch":
                    batch = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--provider":
                    provider = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [ingest] [--events N] [--batch N] [--provider sqlite|postgres|all]");
            }
        }
        IReadOnlyList<string> providers = provider == "all" ? [CrmDatabaseProviders.Sqlite, CrmDatabaseProviders.Postgres] : [provider];
        return new BenchArguments(events, batch, providers);
    }
}

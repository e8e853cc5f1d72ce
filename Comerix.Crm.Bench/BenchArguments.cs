using Comerix.Crm.Data;

namespace Comerix.Crm.Bench;

/// <param name="AckSeconds">How long the acknowledgement-latency phase offers its steady load.</param>
/// <param name="InFlight">
/// Batches handed in at once: 1 gives each batch to the engine in turn (one transaction each); more hand them to the
/// site's group-commit writer with that many waiting, so its groups grow with the backlog as on a busy site.
/// </param>
internal sealed record BenchArguments(int Events, int Batch, IReadOnlyList<string> Providers, int AckSeconds, int InFlight = 1)
{
    public static BenchArguments Parse(string[] args)
    {
        var events = 1_000_000;
        var batch = 1_000;
        var provider = "all";
        var ackSeconds = 25;
        var inFlight = 1;
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
                case "--ack-seconds":
                    ackSeconds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--in-flight":
                    inFlight = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--provider":
                    provider = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [ingest] [--events N] [--batch N] [--provider sqlite|postgres|all] [--ack-seconds N] [--in-flight N]");
            }
        }
        if (events < 1 || batch < 1 || ackSeconds < 1 || inFlight < 1)
        {
            throw new ArgumentException("--events, --batch, --ack-seconds and --in-flight take a number of at least 1.");
        }
        IReadOnlyList<string> providers = provider == "all" ? [CrmDatabaseProviders.Sqlite, CrmDatabaseProviders.Postgres] : [provider];
        return new BenchArguments(events, batch, providers, ackSeconds, inFlight);
    }
}

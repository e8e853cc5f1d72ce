using System.Globalization;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Bench;

/// <summary>
/// <c>writer --sqlite FILE --events N --emails E --seed S --part I --parts K</c>: ingests every K-th event
/// (from I) of <see cref="SharedEmailStream"/> into an already migrated SQLite file, in small random batches.
/// The concurrency tests start several of these at once: writers that share nothing but the database file.
/// </summary>
internal static class WriterCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        int Number(string name) => int.Parse(options[name], CultureInfo.InvariantCulture);

        var stream = SharedEmailStream.Create(Number("events"), Number("emails"), Number("seed"));
        var mine = stream.Where((_, index) => index % Number("parts") == Number("part")).ToList();
        await using var database = new CrmOptions { ConnectionString = $"Data Source={options["sqlite"]}" }.OpenDatabase();
        var engine = new IdentityEngine(new SqlIdentityStore(database.Dialect, TimeProvider.System), new IdentityResolutionOptions(), TimeProvider.System);
        var random = new Random(Number("part"));
        for (var next = 0; next < mine.Count;)
        {
            var size = random.Next(1, 12);
            await engine.IngestBatchAsync("Default", mine.Skip(next).Take(size).ToList());
            next += size;
        }
        Console.WriteLine($"wrote {mine.Count}");
        return 0;
    }
}

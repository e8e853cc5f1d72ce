using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Comerix.Crm.Backfill;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static System.FormattableString;

namespace Comerix.Crm.Bench;

/// <summary>
/// <c>backfill [--events N] [--batch N] [--provider sqlite|postgres|all] [--plain]</c>: N generated events written to an
/// NDJSON file (gzip unless --plain), then loaded into a fresh database by <see cref="EventBackfill"/>, the code
/// <c>events import</c> runs, on the module's services as a host builds them. The clock covers what the user waits
/// for: reading, decompressing, parsing, rules, and the engine's transactions. A second pass only reads and parses the
/// file, to tell the reading side's share. Prints <c>RESULT backfill provider=… events=N events_per_s=…</c>.
/// </summary>
internal static class BackfillBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var events = int.Parse(Arg("--events", "200000"), System.Globalization.CultureInfo.InvariantCulture);
        int? batch = args.Contains("--batch") ? int.Parse(Arg("--batch", ""), System.Globalization.CultureInfo.InvariantCulture) : null;
        var provider = Arg("--provider", "all");
        var gzip = !args.Contains("--plain");
        var folder = Path.Combine(Path.GetTempPath(), "comerix-bench", "backfill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, gzip ? "history.ndjson.gz" : "history.ndjson");
            var written = Stopwatch.StartNew();
            WriteFile(file, events, gzip);
            Console.WriteLine(Invariant($"  wrote {events:N0} events to {file} ({new FileInfo(file).Length / 1048576.0:F1} MB) in {written.Elapsed.TotalSeconds:F1}s"));
            var parsePerSecond = await ParseOnlyAsync(file);
            foreach (var each in provider == "all" ? [CrmDatabaseProviders.Sqlite, CrmDatabaseProviders.Postgres] : new[] { provider })
            {
                await LoadAsync(each, file, events, batch, gzip, parsePerSecond);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task LoadAsync(string provider, string file, int events, int? batch, bool gzip, double parsePerSecond)
    {
        await using var store = await BenchStore.CreateAsync(provider);
        if (store is null)
        {
            Console.WriteLine("PostgreSQL: no server reachable (set COMERIX_BENCH_POSTGRES); skipped.");
            return;
        }
        using var phases = new PhaseTimes();
        var summary = await ImportAsync(store.Configure, file, batch, provider);
        if (summary.Counts.Accepted != events)
        {
            throw new InvalidOperationException($"{events} events written, {summary.Counts.Accepted} accepted: {summary.Counts}");
        }
        Console.WriteLine($"  {provider}: {summary.Counts}");
        Console.WriteLine($"  {provider}: the engine's time by phase {phases}");
        Console.WriteLine(Invariant(
            $"RESULT backfill provider={provider} events={events} events_per_s={summary.EventsPerSecond:F0} batch={batch ?? BackfillRequest.DefaultBatchSize(provider)} gzip={gzip} ") + Invariant(
            $"parse_only_per_s={parsePerSecond:F0} seconds={summary.Elapsed.TotalSeconds:F1}"));
    }

    /// <summary>
    /// <paramref name="file"/> loaded by <see cref="EventBackfill"/> into the Default tenant of a site whose options
    /// <paramref name="configure"/> sets (the database migrated first), as <c>events import</c> runs it, with a progress
    /// line every ten seconds.
    /// </summary>
    public static async Task<BackfillSummary> ImportAsync(Action<CrmOptions> configure, string file, int? batch, string label)
    {
        await using var site = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddComerixCrm(configure)
            .BuildServiceProvider();
        await site.GetRequiredService<CrmDatabase>().MigrateAsync();
        var shown = Stopwatch.StartNew();
        return await new EventBackfill(site).RunAsync(new BackfillRequest("Default", file, BatchSize: batch), progress =>
        {
            if (shown.Elapsed.TotalSeconds >= 10)
            {
                shown.Restart();
                Console.WriteLine(Invariant($"  {label}: {progress.Counts.Lines:N0} lines, {progress.EventsPerSecond:N0} events/s, {progress.Fraction:P0}"));
            }
        });
    }

    /// <summary>Reading and parsing alone (no database), on one thread: the ceiling the loading side puts on an import.</summary>
    private static async Task<double> ParseOnlyAsync(string file)
    {
        var watch = Stopwatch.StartNew();
        await using var input = await BackfillInput.OpenFileAsync(file, CancellationToken.None);
        var reader = new NdjsonLineReader(input.Text, BackfillRequest.MaxLineBytes);
        var count = 0;
        while (await reader.ReadAsync(CancellationToken.None) is { } line)
        {
            if (BackfillLineParser.Parse(line.Bytes, DateTimeOffset.UtcNow).Event is not null)
            {
                count++;
            }
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The generated stream as native events, one JSON object a line (what <c>POST /api/crm/events</c> takes).</summary>
    internal static void WriteFile(string path, int events, bool gzip)
    {
        using var file = File.Create(path);
        using var compressed = gzip ? new GZipStream(file, CompressionLevel.Fastest) : null;
        using var buffered = new BufferedStream((Stream?)compressed ?? file, 1 << 16);
        using var json = new Utf8JsonWriter(buffered);
        foreach (var evt in new StreamGenerator(seed: 42).Generate(events))
        {
            Write(json, evt);
            json.Flush();
            json.Reset();
            buffered.WriteByte((byte)'\n');
        }
    }

    private static void Write(Utf8JsonWriter json, CrmEvent evt)
    {
        json.WriteStartObject();
        json.WriteString("id", evt.Id);
        json.WriteString("type", evt.Type);
        if (evt.Name is not null)
        {
            json.WriteString("name", evt.Name);
        }
        json.WriteString("occurredAt", evt.OccurredAt);
        if (evt.Source is not null)
        {
            json.WriteString("source", evt.Source);
        }
        json.WriteStartArray("claims");
        foreach (var claim in evt.Claims)
        {
            json.WriteStartObject();
            json.WriteString("type", claim.Type);
            json.WriteString("value", claim.Value);
            if (claim.Verified)
            {
                json.WriteBoolean("verified", true);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (evt.Traits is { Count: > 0 } traits)
        {
            json.WriteStartObject("traits");
            foreach (var (key, value) in traits)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
        }
        if (evt.PayloadJson is { } payload)
        {
            json.WritePropertyName("payload");
            json.WriteRawValue(payload);
        }
        if (evt.Record is { } record)
        {
            json.WriteStartObject("record");
            json.WriteString("kind", record.Kind);
            json.WriteString("id", record.Id);
            json.WriteEndObject();
        }
        if (evt.Conversion is { } conversion)
        {
            json.WriteStartObject("conversion");
            json.WriteNumber("value", conversion.Value);
            json.WriteString("currency", conversion.Currency);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}

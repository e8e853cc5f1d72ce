using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Bench;

/// <summary>
/// HTTP ingestion against the running site over loopback: the generated stream, serialised as native API
/// batches (before the clock starts: the client is usually another machine), posted by a few concurrent clients
/// with an API key. Every batch must answer 200 with every event accepted. On PostgreSQL, <c>--sites N</c> starts N
/// site processes on the one database (each with a data folder of its own, all with one audit key, as on N machines)
/// and spreads the clients over them, as a load balancer would.
/// </summary>
internal static class HttpBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="provider">sqlite, or postgres (a new database on <see cref="BenchPostgres.Server"/>).</param>
    /// <param name="sites">Site processes on the one database; more than one needs PostgreSQL.</param>
    public static async Task RunAsync(int count, int batchSize, int clients, string provider, int sites)
    {
        if (sites < 1 || (sites > 1 && provider != "postgres"))
        {
            throw new ArgumentException("--sites N (more than one) needs --provider postgres: site processes share one PostgreSQL database.");
        }
        var database = provider == "postgres"
            ? await BenchPostgres.CreateDatabaseAsync(BenchPostgres.Server) ?? throw new InvalidOperationException($"No PostgreSQL at {BenchPostgres.Server}.")
            : default((string Name, string ConnectionString)?);
        // The per-key rate limit (200 requests/s by default) would cap the run; the bench measures the pipeline.
        string[] settings = database is { } db
            ? ["--database", "postgres", "--connection", db.ConnectionString, "--Crm:AuditKey=" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
               "--Crm:Api:RateLimitPerSecond=1000000", "--Crm:Api:RateLimitBurst=1000000"]
            : ["--Crm:Api:RateLimitPerSecond=1000000", "--Crm:Api:RateLimitBurst=1000000"];
        var processes = new List<SiteProcess>();
        try
        {
            processes.AddRange(await Task.WhenAll(Enumerable.Range(0, sites).Select(_ => SiteProcess.StartAsync(settings))));
            await PostAsync(processes, count, batchSize, clients, provider);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
            if (database is { } created)
            {
                await BenchPostgres.DropDatabaseAsync(BenchPostgres.Server, created.Name);
            }
        }
    }

    private static async Task PostAsync(List<SiteProcess> sites, int count, int batchSize, int clients, string provider)
    {
        var created = await sites[0].CommandAsync("apikey", "create", "--name", "bench");
        var key = created.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("cxk_", StringComparison.Ordinal));

        var events = new StreamGenerator(seed: 42).Generate(count).ToList();
        var bodies = events.Chunk(batchSize).Select(batch => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { events = batch.Select(ToJson) }, Json))).ToList();
        Console.WriteLine($"{sites.Count} site process(es) at {string.Join(", ", sites.Select(s => s.Url))}; {events.Count:N0} events in {bodies.Count:N0} batches of {batchSize}, {clients} clients.");

        // One client per site, each with a share of the connections: client i talks to site i mod N.
        var http = sites.Select(site =>
        {
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(site.Url) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }).ToList();
        foreach (var client in http)
        {
            await WarmUpAsync(client);
        }

        var next = -1;
        var accepted = 0L;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var client = http[c % http.Count];
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var content = new ByteArrayContent(bodies[index]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("/api/crm/events", content);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"batch {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                using var result = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                Interlocked.Add(ref accepted, result.RootElement.GetProperty("accepted").GetInt32());
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        http.ForEach(h => h.Dispose());
        if (accepted != events.Count)
        {
            throw new InvalidOperationException($"{accepted} of {events.Count} events accepted");
        }
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT http provider={provider} sites={sites.Count} events={events.Count} batch={batchSize} clients={clients} seconds={seconds:F1} events_per_s={events.Count / seconds:F0}"));
    }

    private static async Task WarmUpAsync(HttpClient http)
    {
        var site = http.BaseAddress!.Port;
        for (var i = 0; i < 20; i++)
        {
            var body = JsonSerializer.Serialize(new
            {
                id = $"warm-up-{site}-{i}", type = "telemetry", occurredAt = DateTimeOffset.UtcNow,
                claims = new[] { new { type = "visitor_id", value = $"warm-up-{i}" } },
            });
            using var response = await http.PostAsync("/api/crm/events", new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }
    }

    private static object ToJson(CrmEvent e) => new
    {
        id = e.Id,
        type = e.Type,
        occurredAt = e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        source = e.Source,
        claims = e.Claims.Select(c => new { type = c.Type, value = c.Value, verified = c.Verified }),
        traits = e.Traits,
        record = e.Record is { } r ? new { kind = r.Kind, id = r.Id } : null,
        conversion = e.Conversion is { } c ? new { value = c.Value, currency = c.Currency } : null,
        payload = e.PayloadJson is null ? (JsonElement?)null : JsonDocument.Parse(e.PayloadJson).RootElement,
    };
}

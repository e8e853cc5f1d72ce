using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// The site is killed with SIGKILL ten times while clients send events over HTTP and retry whatever failed:
/// afterwards every acknowledged event is stored exactly once, the database passes its integrity check and
/// the audit chain verifies. On PostgreSQL also with three site processes on the database, killed in turn.
/// </summary>
public sealed class CrashLoopTests : IDisposable
{
    private const int Kills = 10, Clients = 8, BatchSize = 10;
    private static readonly string[] Unlimited = ["--Crm:Api:RateLimitPerSecond=1000000", "--Crm:Api:RateLimitBurst=1000000"];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "comerix-crash-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task OnSqliteTenKillsDuringIngestionLoseAndDuplicateNothing()
    {
        using var site = new SiteHostProcess(_dataDirectory, Unlimited);
        var key = await CreateKeyAsync(site);
        await site.StartAsync();
        var (acknowledged, _) = await IngestWhileKillingAsync([site], key, Kills);
        await AssertStoredOnceAsync(acknowledged, await SqliteEventIdsAsync(), site);
    }

    [PostgresFact]
    public async Task OnPostgresTenKillsDuringIngestionLoseAndDuplicateNothing()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        using var site = new SiteHostProcess(_dataDirectory, ["--database", "postgres", "--connection", database.Options.ConnectionString!, .. Unlimited]);
        var key = await CreateKeyAsync(site);
        await site.StartAsync();
        var (acknowledged, _) = await IngestWhileKillingAsync([site], key, Kills);
        await AssertStoredOnceAsync(acknowledged, await PostgresEventIdsAsync(database.Options.ConnectionString!), site);
    }

    /// <summary>
    /// Three processes on one database, as behind a load balancer: each client starts on one and, when a request
    /// fails, retries it on the next, while the processes are killed one at a time (and started again). Every batch is
    /// acknowledged once, and exactly the acknowledged events are stored, each once.
    /// </summary>
    [PostgresFact]
    public async Task OnPostgresThreeProcessesKilledInTurnLoseAndDuplicateNothing()
    {
        await using var group = await SiteProcessGroup.StartAsync(3, Unlimited);
        var key = await CreateKeyAsync(group.Sites[0]);
        var (acknowledged, sent) = await IngestWhileKillingAsync(group.Sites, key, kills: 6);
        var stored = await PostgresEventIdsAsync(group.ConnectionString);
        Assert.Equal(sent, acknowledged.Count);
        Assert.Equal(sent, stored.Count);
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        await AssertStoredOnceAsync(acknowledged, stored, group.Sites[0]);
    }

    private static async Task<string> CreateKeyAsync(SiteHostProcess site)
    {
        var created = await site.CommandAsync("apikey", "create", "--name", "crash test");
        Assert.True(created.Code == 0, created.Error);
        return created.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cxk_", StringComparison.Ordinal));
    }

    /// <summary>
    /// <see cref="Clients"/> clients send batches (retrying each, same ids, until acknowledged) while the sites are killed
    /// <paramref name="kills"/> times, one at a time in turn, each started again at once; then each sends 20 more.
    /// </summary>
    /// <returns>The acknowledged event ids, and how many events the clients sent (every batch until acknowledged).</returns>
    private static async Task<(ConcurrentBag<string> Acknowledged, int Sent)> IngestWhileKillingAsync(IReadOnlyList<SiteHostProcess> sites, string key, int kills)
    {
        var acknowledged = new ConcurrentBag<string>();
        var killing = true;
        var sent = 0;
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var http = sites.Select(site => Client(site, key)).ToList();
            var next = client % sites.Count;
            for (var batch = 0; Volatile.Read(ref killing) || batch < 20; batch++)
            {
                var ids = Enumerable.Range(0, BatchSize).Select(i => $"crash-{client}-{batch}-{i}").ToList();
                Interlocked.Add(ref sent, BatchSize);
                var body = JsonSerializer.Serialize(new { events = ids.Select((id, i) => Event(id, client * 100_000 + batch * BatchSize + i)) });
                // Retry the same batch (same ids) until a site acknowledges it.
                while (true)
                {
                    try
                    {
                        using var response = await http[next].PostAsync("/api/crm/events", new StringContent(body, Encoding.UTF8, "application/json"));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            ids.ForEach(acknowledged.Add);
                            break;
                        }
                        Assert.True((int)response.StatusCode >= 500, $"refused: {await response.Content.ReadAsStringAsync()}");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // The site is down: try again shortly, on the next one (as a load balancer would).
                    }
                    next = (next + 1) % sites.Count;
                    await Task.Delay(50);
                }
                await Task.Delay(30);
            }
            http.ForEach(h => h.Dispose());
        })).ToList();

        var random = new Random(10);
        for (var kill = 0; kill < kills; kill++)
        {
            await Task.Delay(700 + random.Next(800));
            var site = sites[kill % sites.Count];
            await site.KillAsync();
            await site.StartAsync();
        }
        Volatile.Write(ref killing, false);
        await Task.WhenAll(clients);
        foreach (var site in sites)
        {
            await site.KillAsync();
        }
        return (acknowledged, sent);
    }

    private static HttpClient Client(SiteHostProcess site, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(site.Url), Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static async Task AssertStoredOnceAsync(ConcurrentBag<string> acknowledged, List<string> stored, SiteHostProcess site)
    {
        Assert.True(acknowledged.Count > Kills * BatchSize, $"only {acknowledged.Count} events were acknowledged");
        Assert.Empty(acknowledged.Except(stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        var audit = await site.CommandAsync("audit", "verify");
        Assert.True(audit.Code == 0, audit.Output + audit.Error);
        Assert.Matches(@"holds [1-9]\d* entries", audit.Output);
    }

    private static object Event(string id, int n) => new
    {
        id,
        type = "form",
        occurredAt = DateTimeOffset.UtcNow.ToString("O"),
        // Visitors return with an email half the time: anonymous contacts fold into known ones (merges, audited).
        claims = n % 2 == 0
            ? new object[] { new { type = "visitor_id", value = $"cv-{n % 500}" } }
            : [new { type = "visitor_id", value = $"cv-{n % 500}" }, new { type = "email", value = $"p-{n % 300}@crash.test" }],
    };

    private async Task<List<string>> SqliteEventIdsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "comerix-crm.db")};Pooling=False");
        await connection.OpenAsync();
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
        }
        return await ReadIdsAsync(connection.CreateCommand());
    }

    private static async Task<List<string>> PostgresEventIdsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await ReadIdsAsync(connection.CreateCommand());
    }

    private static async Task<List<string>> ReadIdsAsync(System.Data.Common.DbCommand command)
    {
        await using (command)
        {
            command.CommandText = "SELECT event_id FROM crm_activities WHERE event_id LIKE 'crash-%'";
            await using var reader = await command.ExecuteReaderAsync();
            var ids = new List<string>();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
            return ids;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

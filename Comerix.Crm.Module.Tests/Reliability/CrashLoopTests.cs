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
/// the audit chain verifies.
/// </summary>
public sealed class CrashLoopTests : IDisposable
{
    private const int Kills = 10, Clients = 8, BatchSize = 10;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "comerix-crash-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public Task OnSqliteTenKillsDuringIngestionLoseAndDuplicateNothing() => RunAsync([]);

    [PostgresFact]
    public async Task OnPostgresTenKillsDuringIngestionLoseAndDuplicateNothing()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await RunAsync(["--database", "postgres", "--connection", database.Options.ConnectionString!]);
    }

    private async Task RunAsync(string[] databaseSettings)
    {
        using var site = new SiteHostProcess(_dataDirectory,
            [.. databaseSettings, "--Crm:Api:RateLimitPerSecond=1000000", "--Crm:Api:RateLimitBurst=1000000"]);
        var created = await site.CommandAsync("apikey", "create", "--name", "crash test");
        Assert.True(created.Code == 0, created.Error);
        var key = created.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cxk_", StringComparison.Ordinal));
        await site.StartAsync();

        var acknowledged = new ConcurrentBag<string>();
        var killing = true;
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(site.Url), Timeout = TimeSpan.FromSeconds(15) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            for (var batch = 0; Volatile.Read(ref killing) || batch < 20; batch++)
            {
                var ids = Enumerable.Range(0, BatchSize).Select(i => $"crash-{client}-{batch}-{i}").ToList();
                var body = JsonSerializer.Serialize(new { events = ids.Select((id, i) => Event(id, client * 100_000 + batch * BatchSize + i)) });
                // Retry the same batch (same ids) until the site acknowledges it.
                while (true)
                {
                    try
                    {
                        using var response = await http.PostAsync("/api/crm/events", new StringContent(body, Encoding.UTF8, "application/json"));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            ids.ForEach(acknowledged.Add);
                            break;
                        }
                        Assert.True((int)response.StatusCode >= 500, $"refused: {await response.Content.ReadAsStringAsync()}");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // The site is down: try again shortly.
                    }
                    await Task.Delay(50);
                }
                await Task.Delay(30);
            }
        })).ToList();

        var random = new Random(10);
        for (var kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(700 + random.Next(800));
            await site.KillAsync();
            await site.StartAsync();
        }
        Volatile.Write(ref killing, false);
        await Task.WhenAll(clients);
        await site.KillAsync();

        var stored = databaseSettings.Length == 0 ? await SqliteEventIdsAsync() : await PostgresEventIdsAsync(databaseSettings[3]);
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

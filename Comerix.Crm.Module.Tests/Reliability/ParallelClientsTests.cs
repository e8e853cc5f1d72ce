using System.Net;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// 64 parallel clients send 10,000 events over 1,000 new emails through the HTTP API, every event three times
/// in shuffled order: exactly 1,000 contacts and 10,000 events, each on the contact that owns its email.
/// </summary>
public sealed class ParallelClientsTests
{
    private const int Events = 10_000, Emails = 1_000, Clients = 64, Deliveries = 3, BatchSize = 10;

    [Fact]
    public async Task OnSqliteSixtyFourClientsSendingEveryEventThreeTimesLoseAndDuplicateNothing()
    {
        await using var site = new SiteFactory();
        await RunAsync(site);
    }

    [PostgresFact]
    public async Task OnPostgresSixtyFourClientsSendingEveryEventThreeTimesLoseAndDuplicateNothing()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await RunAsync(site);
    }

    private static object Event(int n) => new
    {
        id = $"par-{n}",
        type = n % 5 == 0 ? "conversion" : "form",
        occurredAt = DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(n).ToString("O"),
        claims = new object[]
        {
            new { type = "email", value = $"person-{n % Emails}@parallel.test", verified = n % 5 == 0 },
            new { type = "visitor_id", value = $"v-par-{n}" },
        },
    };

    private static async Task RunAsync(SiteFactory site)
    {
        site.Settings["Crm:Api:RateLimitPerSecond"] = "1000000";
        site.Settings["Crm:Api:RateLimitBurst"] = "1000000";
        var key = await site.CreateApiKeyAsync();
        var random = new Random(64);
        var deliveries = Enumerable.Range(0, Events).SelectMany(n => Enumerable.Repeat(n, Deliveries)).OrderBy(_ => random.Next()).ToList();
        var batches = deliveries.Chunk(BatchSize).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            using var api = site.ApiClient(key);
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
            {
                var response = await api.PostAsync("api/crm/events", Body(new { events = batches[index].Select(Event) }));
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            }
        })));

        await using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        Assert.Equal(Events, await db.Activities.CountAsync(a => a.TenantId == "Default" && a.EventId.StartsWith("par-")));
        Assert.Equal(Emails, await db.Contacts.CountAsync(c => c.TenantId == "Default" && c.State == ContactState.Live));
        // None misattributed: each event sits on the contact that holds its email.
        var misattributed = await db.Activities
            .Where(a => a.TenantId == "Default" && a.EventId.StartsWith("par-"))
            .Join(db.Identifiers.Where(i => i.TenantId == "Default" && i.Type == "email"), a => a.ContactId, i => i.ContactId, (a, i) => new { a.EventId, i.Value })
            .ToListAsync();
        var byEvent = misattributed.GroupBy(x => x.EventId).ToDictionary(g => g.Key, g => g.Select(x => x.Value).ToList());
        Assert.Equal(Events, byEvent.Count);
        Assert.All(byEvent, e => Assert.Equal([$"person-{int.Parse(e.Key[4..]) % Emails}@parallel.test"], e.Value));
    }
}

using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// Many writers, each with its own engine, store and connections (what separate processes have), send events
/// that share brand-new emails at the same moment. The database alone decides who creates each contact.
/// </summary>
public sealed class ConcurrentWritersTests
{
    [Fact]
    public Task OnSqliteParallelWritersSharingNewEmailsLoseNothingAndDuplicateNoOne() =>
        RunAsync(CrmDatabaseProviders.Sqlite, writers: 8, events: 2_000, emails: 150);

    [PostgresFact]
    public Task OnPostgresParallelWritersSharingNewEmailsLoseNothingAndDuplicateNoOne() =>
        RunAsync(CrmDatabaseProviders.Postgres, writers: 16, events: 2_000, emails: 150);

    private static async Task RunAsync(string provider, int writers, int events, int emails)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var random = new Random(20261122);
        var stream = Enumerable.Range(0, events).Select(i =>
        {
            // Every event brings a new visitor and one of a few shared emails. One in ten names an email and its
            // "partner" (2k and 2k+1, a verified order), which forces merges while other writers attach to those
            // contacts; pairing keeps every person within the five-emails limit, so every tie must merge.
            var email = random.Next(emails);
            var claims = new List<IdentityClaim> { new(IdentifierTypes.VisitorId, $"visitor-{i}"), Email(email) };
            if (i % 10 == 0)
            {
                claims.Add(Email(email ^ 1));
            }
            return new CrmEvent { Id = $"evt-{i}", Type = "form", OccurredAt = Events.Day1.AddSeconds(i), Claims = claims };
        }).ToArray();
        var expected = new GeneratedStream(stream, [1]).Components();

        var queues = stream.Chunk(events / writers).ToArray();
        await Task.WhenAll(queues.Select(async queue =>
        {
            var engine = db.NewEngine();
            var local = new Random(queue.Length + queue[0].Id.GetHashCode());
            for (var next = 0; next < queue.Length;)
            {
                var size = local.Next(1, 12);
                await Task.Run(() => engine.IngestBatchAsync("Default", queue.Skip(next).Take(size).ToList()));
                next += size;
            }
        }));

        Assert.Equal(Describe(expected), Describe(await db.GroupingAsync()));
        Assert.Equal(expected.Count, (await db.LiveContactsAsync()).Count);
        var stored = await db.QueryAsync(ctx => ctx.Activities.Where(a => a.Type == "form").Select(a => a.EventId).ToListAsync());
        Assert.Equal(stream.Select(e => e.Id).Order(), stored.Order());
    }

    private static IdentityClaim Email(int n) => new(IdentifierTypes.Email, $"shared-{n}@example.com", Verified: true);

    private static string Describe(IEnumerable<SortedSet<string>> groups) =>
        string.Join(" | ", groups.Select(g => string.Join(",", g)).Order(StringComparer.Ordinal));
}

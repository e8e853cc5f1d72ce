using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// Replays, duplicates, arrival order and tenants. Run on SQLite by <see cref="IdempotencyAndOrderTests"/> and on the
/// in-memory resolution store by <see cref="IdempotencyAndOrderInMemoryTests"/>.
/// </summary>
public abstract class IdempotencyAndOrderScenarios(string store) : ResolutionTestBase(store)
{
    [Fact]
    public async Task ReplayingAnEventChangesNothing()
    {
        await IngestAsync(Form("f1", Day1, Email("ada@example.com"), Visitor("v1")));
        await IngestAsync(Telemetry("t1", Day1, Visitor("v2")));
        var merge = Form("f2", Day1.AddDays(1), Visitor("v2"), Email("ada@example.com"));
        var first = await IngestAsync(merge);
        var before = await Db.SnapshotAsync();
        Db.Time.Advance(TimeSpan.FromHours(1));

        var replay = await IngestAsync(merge);

        Assert.Equal(IngestOutcome.Duplicate, replay.Outcome);
        Assert.Equal(first.ContactId, replay.ContactId);
        Assert.Equal(before, await Db.SnapshotAsync());
    }

    [Fact]
    public async Task ADuplicateOfAnEventOnAMergedAwayContactReportsTheSurvivor()
    {
        var anonymous = Telemetry("t1", Day1, Visitor("v2"));
        await IngestAsync(anonymous);
        var merge = await IngestAsync(Form("f1", Day1.AddDays(1), Visitor("v2"), Email("ada@example.com")));
        await IngestAsync(Form("f0", Day1, Email("ada@example.com"), Phone("+14155552671")));
        var known = await IngestAsync(Form("f2", Day1, Email("bob@example.com")));
        await Engine.MergeAsync(Tenant, merge.ContactId!.Value, known.ContactId!.Value, "admin@site");

        var replay = await IngestAsync(anonymous);

        Assert.Equal((IngestOutcome.Duplicate, known.ContactId), (replay.Outcome, replay.ContactId));
    }

    [Fact]
    public async Task TheSameEventTwiceInOneBatchIsStoredOnce()
    {
        var evt = Form("f1", Day1, Email("ada@example.com"));

        var results = await Engine.IngestBatchAsync(Tenant, [evt, evt]);

        Assert.Equal([IngestOutcome.Created, IngestOutcome.Duplicate], results.Select(r => r.Outcome));
        Assert.Single(await Db.ActivitiesAsync());
    }

    [Fact]
    public async Task OutOfOrderEventsGiveTheSameSeenTimesAndTimeline()
    {
        var events = new[]
        {
            Telemetry("t1", Day1, Visitor("v1")),
            Form("f1", Day1.AddDays(1), Visitor("v1"), Email("ada@example.com")),
            Conversion("o1", Day1.AddDays(2), 10m, Email("ada@example.com"), CustomerId("c1")),
        };
        await using var reversed = await GraphStore.CreateAsync(StoreKind);

        await Engine.IngestBatchAsync(Tenant, events);
        foreach (var evt in events.Reverse())
        {
            await reversed.Engine.IngestAsync(Tenant, evt);
        }

        foreach (var db in new[] { Db, reversed })
        {
            var contact = Assert.Single(await db.LiveContactsAsync());
            Assert.Equal((Day1.UtcDateTime, Day1.AddDays(2).UtcDateTime), (contact.FirstSeen, contact.LastSeen));
            var timeline = (await db.ActivitiesAsync()).Where(a => a.ContactId == contact.Id && a.Type != "merge")
                .OrderByDescending(a => a.OccurredAt).Select(a => a.EventId).ToList();
            Assert.Equal(["o1", "f1", "t1"], timeline);
        }
        Assert.Equal(await Db.GroupingAsync(), await reversed.GroupingAsync());
    }

    [Fact]
    public async Task TenantsNeverShareContacts()
    {
        var a = await Engine.IngestAsync("shop-a", Form("f1", Day1, Email("ada@example.com")));
        var b = await Engine.IngestAsync("shop-b", Form("f1", Day1, Email("ada@example.com")));

        Assert.Equal((IngestOutcome.Created, IngestOutcome.Created), (a.Outcome, b.Outcome));
        Assert.Single(await Db.LiveContactsAsync("shop-a"));
        Assert.Single(await Db.LiveContactsAsync("shop-b"));
    }
}

public sealed class IdempotencyAndOrderTests() : IdempotencyAndOrderScenarios(Comerix.Crm.Data.CrmDatabaseProviders.Sqlite);

public sealed class IdempotencyAndOrderInMemoryTests() : IdempotencyAndOrderScenarios(GraphStore.InMemory);

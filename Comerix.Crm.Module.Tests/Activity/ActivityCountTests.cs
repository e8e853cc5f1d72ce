using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Activity;

/// <summary>
/// The Activity tiles add up quarter-hour counts the unit of work keeps; whatever happens to the rows (merges, an
/// erasure, a start of day off the quarter hour), they must say what counting the rows says.
/// </summary>
public sealed class ActivityCountTests
{
    private const string Tenant = "Default";

    [Fact]
    public Task OnSqliteTheTilesAddUpToTheRowsThroughMergesAndAnErasure() => CheckAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheTilesAddUpToTheRowsThroughMergesAndAnErasure() => CheckAsync(CrmDatabaseProviders.Postgres);

    [Fact]
    public Task OnSqliteTheMigrationCountsTheRowsAlreadyStoredAsTheWritesDo() => CheckMigrationAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheMigrationCountsTheRowsAlreadyStoredAsTheWritesDo() => CheckMigrationAsync(CrmDatabaseProviders.Postgres);

    /// <summary>
    /// A directory from before the counts: the migration fills them from its rows, in the same quarter hours (same
    /// keys, down to SQLite's text form of a time) as the unit of work writes, so counting goes on where it left off.
    /// </summary>
    private static async Task CheckMigrationAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 12; i++)
        {
            await db.Engine.IngestAsync(Tenant, i % 3 == 0
                ? Conversion($"m{i}", at, 10m, Email($"p{i % 5}@migrate.test"))
                : Form($"m{i}", at, Email($"p{i % 5}@migrate.test"), Visitor($"v{i % 4}")));
            if (i < 11)
            {
                db.Time.Advance(TimeSpan.FromMinutes(6.5));
            }
        }
        var written = await CountsAsync(db);

        await using (var context = db.Database.CreateDbContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261204130000_ContactSearchTrigrams");
        }
        await db.Database.MigrateAsync();

        Assert.Equal(written, await CountsAsync(db));
        // The next event lands in the last quarter hour's row, not in a second row for the same quarter.
        await db.Engine.IngestAsync(Tenant, Conversion("after", at, 1m, Email("p1@migrate.test")));
        await using var after = db.Database.CreateDbContext(Tenant);
        Assert.Equal(written.Count, await after.ActivityCounts.CountAsync());
    }

    private static async Task<List<(DateTime, long, long, long)>> CountsAsync(TestDatabase db)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        return (await context.ActivityCounts.OrderBy(c => c.BucketStart).ToListAsync())
            .Select(c => (c.BucketStart, c.Events, c.Conversions, c.NewContacts)).ToList();
    }

    private static async Task CheckAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var start = db.Time.GetUtcNow().UtcDateTime;
        var at = DateTimeOffset.UtcNow;

        // 09:00: an anonymous visitor; 09:07: they fill in a form (same contact).
        await db.Engine.IngestAsync(Tenant, Telemetry("a1", at, Visitor("v-1")));
        db.Time.Advance(TimeSpan.FromMinutes(7));
        await db.Engine.IngestAsync(Tenant, Form("a2", at, Visitor("v-1"), Email("ann@tiles.test")));
        // 09:14: someone else chats, then converts at 09:21; at 09:28 they turn out to be Ann (a merge: a contact
        // created in the 09:00 quarter is gone, and the merge's own timeline row counts as an event).
        db.Time.Advance(TimeSpan.FromMinutes(7));
        var bea = await db.Engine.IngestAsync(Tenant, Chat("b1", at, Conversation("c-1"), Email("bea@tiles.test")));
        db.Time.Advance(TimeSpan.FromMinutes(7));
        await db.Engine.IngestAsync(Tenant, Conversion("b2", at, 40m, Email("bea@tiles.test")));
        db.Time.Advance(TimeSpan.FromMinutes(7));
        var ann = await db.Engine.IngestAsync(Tenant, Form("a3", at, Email("ann@tiles.test")));
        await db.Engine.MergeAsync(Tenant, mergeId: bea.ContactId!.Value, intoId: ann.ContactId!.Value, actor: "admin@tiles.test");
        // 09:35: a third person converts twice in one batch and is then erased.
        db.Time.Advance(TimeSpan.FromMinutes(7));
        var results = await db.Engine.IngestBatchAsync(Tenant,
            [Conversion("c1", at, 5m, Email("cat@tiles.test")), Conversion("c2", at, 6m, Email("cat@tiles.test")), Telemetry("d1", at, Visitor("v-9"))]);
        await db.Admin.RunAsync(Tenant, async uow => await uow.EraseContactAsync(results[0].ContactId!.Value), CancellationToken.None);

        foreach (var since in new[] { start.AddHours(-3), start, start.AddMinutes(5), start.AddMinutes(15), start.AddMinutes(29.5), start.AddHours(1) })
        {
            await using var context = db.Database.CreateDbContext(Tenant);
            var tiles = await new ActivityInbox(context).GetTilesAsync(Tenant, since);
            var activities = context.Activities.Where(a => a.ReceivedAt >= since);
            var expected = (
                Events: await activities.CountAsync(),
                NewContacts: await context.Contacts.CountAsync(c => c.CreatedAt >= since && c.State == ContactState.Live),
                Conversions: await activities.CountAsync(a => a.Type == ActivityTypes.Conversion));
            Assert.Equal(expected, (tiles.EventsToday, tiles.NewContactsToday, tiles.ConversionsToday));
            if (since == start)
            {
                // Ann's three events, Bea's two and the merge row, and the survivor of the third person's batch (the
                // visitor); the erased person's two conversions are gone from the rows and from the counts.
                Assert.Equal((7, 2, 1), (tiles.EventsToday, tiles.NewContactsToday, tiles.ConversionsToday));
            }
        }
    }
}

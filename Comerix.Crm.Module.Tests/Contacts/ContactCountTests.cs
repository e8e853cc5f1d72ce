using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Search;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Contacts;

/// <summary>
/// The Contacts tiles and the list's counts by audience and source add up counts the unit of work keeps; whatever
/// happens to the contacts (an anonymous visitor identified, merges, an erasure), they must say what counting says.
/// </summary>
public sealed class ContactCountTests
{
    private const string Tenant = "Default";

    [Fact]
    public Task OnSqliteTheCountsMatchTheContactsThroughIdentifyingMergesAndAnErasure() => CheckAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheCountsMatchTheContactsThroughIdentifyingMergesAndAnErasure() => CheckAsync(CrmDatabaseProviders.Postgres);

    [Fact]
    public Task OnSqliteTheMigrationCountsTheContactsAlreadyStored() => CheckMigrationAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheMigrationCountsTheContactsAlreadyStored() => CheckMigrationAsync(CrmDatabaseProviders.Postgres);

    private static async Task CheckAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow;

        // A visitor last seen half a year ago; two anonymous visitors now, one of whom fills in a form (anonymous →
        // identified, same contact).
        await db.Engine.IngestAsync(Tenant, Telemetry("old", at.AddDays(-180), Visitor("v-old")));
        await db.Engine.IngestAsync(Tenant, Telemetry("a1", at, Visitor("v-1")));
        await db.Engine.IngestAsync(Tenant, Telemetry("b1", at, Visitor("v-2")));
        await db.Engine.IngestAsync(Tenant, Form("a2", at, Visitor("v-1"), Email("ann@counts.test")));
        Assert.Equal(new ContactTiles(3, 1, 2), await AssertCountsAsync(db));

        // A chat by someone new; a batch with a new visitor and a form that ties Bea's email to Ann's visitor id.
        await db.Engine.IngestAsync(Tenant, Chat("c1", at, Conversation("conv-1"), Email("bea@counts.test")));
        var batch = await db.Engine.IngestBatchAsync(Tenant,
        [
            Telemetry("d1", at, Visitor("v-3")),
            Form("c2", at, Email("bea@counts.test"), Visitor("v-1")),
        ]);
        await AssertCountsAsync(db);

        // The second visitor identified and then merged into Bea by an admin; a new person converts and is erased.
        var second = await db.Engine.IngestAsync(Tenant, Form("b2", at, Visitor("v-2"), Email("cat@counts.test")));
        var before = await AssertCountsAsync(db);
        await db.Engine.MergeAsync(Tenant, mergeId: second.ContactId!.Value, intoId: batch[1].ContactId!.Value, actor: "admin@counts.test");
        Assert.Equal(before with { Total = before.Total - 1, Identified = before.Identified - 1 }, await AssertCountsAsync(db));
        var erased = await db.Engine.IngestAsync(Tenant, Conversion("e1", at, 5m, Email("dan@counts.test")));
        Assert.Equal(before, await AssertCountsAsync(db));
        await db.Admin.RunAsync(Tenant, async uow => await uow.EraseContactAsync(erased.ContactId!.Value), CancellationToken.None);
        Assert.Equal(before with { Total = before.Total - 1, Identified = before.Identified - 1 }, await AssertCountsAsync(db));
    }

    /// <summary>
    /// The tiles and every audience and source filter of the list say what counting the live contacts says.
    /// </summary>
    /// <returns>The tiles.</returns>
    private static async Task<ContactTiles> AssertCountsAsync(TestDatabase db)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        var directory = new ContactDirectory(context, ContactSearch.For(db.Database.Provider));
        var live = context.Contacts.Where(c => c.State == ContactState.Live);
        var total = await live.CountAsync();
        var identified = await live.CountAsync(c => c.IsIdentified);
        var tiles = await directory.GetTilesAsync(Tenant);
        Assert.Equal(new ContactTiles(total, identified, total - identified), tiles);
        var sources = await live.Select(c => c.Source).Distinct().ToListAsync();
        foreach (var audience in new[] { Audiences.All, Audiences.Identified, Audiences.Anonymous })
        {
            foreach (var source in sources.Append(null))
            {
                foreach (var seen in new[] { null, "90d", "before-90d" })
                {
                    var cutoff = DateTime.UtcNow.AddDays(-90);
                    var counted = await live.CountAsync(c =>
                        (audience == Audiences.All || c.IsIdentified == (audience == Audiences.Identified)) && (source == null || c.Source == source)
                        && (seen == null || (seen == "90d" ? c.LastSeen >= cutoff : c.LastSeen < cutoff)));
                    var list = await directory.ListAsync(Tenant, new ContactListQuery(audience, Source: source, Seen: seen));
                    Assert.True(counted == list.TotalMatches,
                        $"{audience}, source {source ?? "any"}, seen {seen ?? "any"}: the list says {list.TotalMatches}, the table {counted}");
                }
            }
        }
        return tiles;
    }

    /// <summary>A directory from before the counts: the migration fills them from its contacts.</summary>
    private static async Task CheckMigrationAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 9; i++)
        {
            await db.Engine.IngestAsync(Tenant, i % 3 == 0
                ? Telemetry($"m{i}", at, Visitor($"v{i}"))
                : Chat($"m{i}", at, Conversation($"conv-{i % 4}"), Email($"p{i % 5}@migrate.test")));
        }
        var written = await KeptAsync(db);

        await using (var context = db.Database.CreateDbContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261205030000_ActivityCounts");
        }
        await db.Database.MigrateAsync();

        Assert.Equal(written, await KeptAsync(db));
        Assert.Equal(written.Sum(k => k.Contacts), (await AssertCountsAsync(db)).Total);
    }

    private static async Task<List<(bool IsIdentified, string Source, long Contacts)>> KeptAsync(TestDatabase db)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        return (await context.ContactCounts.ToListAsync())
            .Select(c => (c.IsIdentified, c.Source, c.Contacts)).OrderBy(c => c.IsIdentified).ThenBy(c => c.Source, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public Task OnSqliteASearchAndTheMarkedArePagedInListOrder() => CheckFewMatchesAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresASearchAndTheMarkedArePagedInListOrder() => CheckFewMatchesAsync(CrmDatabaseProviders.Postgres);

    /// <summary>
    /// A search and the "do not contact" list are counted and paged from one read of their matches: every page holds
    /// what the list's order (newest seen first, then newest id) puts there, and the count is the matches'.
    /// </summary>
    private static async Task CheckFewMatchesAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow.AddDays(-10);
        for (var i = 0; i < 60; i++)
        {
            // Seen times repeat, so the order's second key (the id) decides between equals.
            await db.Engine.IngestAsync(Tenant, Form($"f{i}", at.AddHours(i % 7), Email($"paged{i}@few.test")));
        }
        await using (var marking = db.Database.CreateDbContext(Tenant))
        {
            foreach (var id in await marking.Contacts.Where(c => c.Id % 2 == 0).Select(c => c.Id).ToListAsync())
            {
                marking.DoNotContact.Add(new DoNotContact { TenantId = Tenant, ContactId = id, Reason = "unsubscribed", CreatedAt = DateTime.UtcNow, CreatedBy = "test" });
            }
            await marking.SaveChangesAsync();
        }

        await using var context = db.Database.CreateDbContext(Tenant);
        var directory = new ContactDirectory(context, ContactSearch.For(db.Database.Provider));
        var marked = context.DoNotContact.Select(d => d.ContactId);
        var markedIds = (await marked.ToListAsync()).ToHashSet();
        foreach (var (query, expected) in new (ContactListQuery, IQueryable<Contact>)[]
        {
            (new ContactListQuery(Q: "paged"), context.Contacts.Where(c => c.Email!.Contains("paged"))),
            (new ContactListQuery(Contactable: "no"), context.Contacts.Where(c => marked.Contains(c.Id))),
            (new ContactListQuery(Q: "paged", Contactable: "yes"), context.Contacts.Where(c => c.Email!.Contains("paged") && !marked.Contains(c.Id))),
        })
        {
            var inOrder = await expected.OrderByDescending(c => c.LastSeen).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync();
            for (var page = 1; page <= 3; page++)
            {
                var listed = await directory.ListAsync(Tenant, query with { Page = page });
                Assert.Equal(inOrder.Count, listed.TotalMatches);
                var want = inOrder.Skip((Math.Min(page, listed.PageCount) - 1) * ContactListQuery.PageSize).Take(ContactListQuery.PageSize);
                Assert.Equal(want, listed.Rows.Select(r => r.Id));
                Assert.All(listed.Rows, r => Assert.Equal(markedIds.Contains(r.Id), r.DoNotContact));
            }
        }
    }
}

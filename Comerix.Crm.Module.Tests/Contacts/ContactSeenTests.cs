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
/// A contact's last-seen time lives apart from its row (crm_contact_seen, the SeenTimesApart migration): a returning
/// visitor still moves to the top of the list, the profile and the list show the time, and a directory from before
/// the move keeps every contact's time and its place in the list.
/// </summary>
public sealed class ContactSeenTests
{
    private const string Tenant = "Default";

    [Fact]
    public Task OnSqliteAReturningVisitorMovesToTheTopWithoutItsProfileChanging() => CheckReturnAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresAReturningVisitorMovesToTheTopWithoutItsProfileChanging() => CheckReturnAsync(CrmDatabaseProviders.Postgres);

    [Fact]
    public Task OnSqliteTheMigrationKeepsEverySeenTimeAndTheListOrder() => CheckMigrationAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheMigrationKeepsEverySeenTimeAndTheListOrder() => CheckMigrationAsync(CrmDatabaseProviders.Postgres);

    private static async Task CheckReturnAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow.AddDays(-20);
        var ada = (await db.Engine.IngestAsync(Tenant, Form("ada-1", at, Email("ada@seen.test")))).ContactId!.Value;
        await db.Engine.IngestAsync(Tenant, Form("grace-1", at.AddHours(1), Email("grace@seen.test")));
        var before = await ProfileAsync(db, ada);

        // Ada comes back with nothing new to say: only her seen time moves.
        var back = at.AddDays(18);
        await db.Engine.IngestAsync(Tenant, Form("ada-2", back, Email("ada@seen.test")));

        var after = await ProfileAsync(db, ada);
        Assert.Equal(back.UtcDateTime, after.LastSeen, TimeSpan.FromMilliseconds(1));
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.FirstSeen, after.FirstSeen);
        var list = await ListAsync(db, new ContactListQuery());
        Assert.Equal(ada, list.Rows[0].Id);
        Assert.Equal(back.UtcDateTime, list.Rows[0].LastSeen, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await ListAsync(db, new ContactListQuery(Seen: "7d"))).TotalMatches);

        // An older event arriving late leaves her time where it is.
        await db.Engine.IngestAsync(Tenant, Form("ada-0", at.AddDays(-1), Email("ada@seen.test")));
        Assert.Equal(back.UtcDateTime, (await ProfileAsync(db, ada)).LastSeen, TimeSpan.FromMilliseconds(1));

        // Erased, she leaves no seen time behind.
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            Assert.Equal(2, await context.Contacts.CountAsync());
        }
        await db.Admin.RunAsync(Tenant, async uow => await uow.EraseContactAsync(ada), CancellationToken.None);
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            Assert.Equal(0, await context.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM crm_contact_seen WHERE contact_id = {ada}").SingleAsync());
            Assert.Equal(1, await context.Contacts.CountAsync());
        }
    }

    /// <summary>A directory from before the move: migrated down to keep the time on the contact, then up again.</summary>
    private static async Task CheckMigrationAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow.AddDays(-40);
        for (var i = 0; i < 12; i++)
        {
            await db.Engine.IngestAsync(Tenant, Form($"m{i}", at.AddDays(i * 3 % 37), Email($"person{i}@migrate.test")));
        }
        var written = await SeenInListOrderAsync(db);

        await using (var context = db.Database.CreateDbContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261205040000_ContactCounts");
        }
        await db.Database.MigrateAsync();

        Assert.Equal(written, await SeenInListOrderAsync(db));
        // The contacts' rows were rewritten in place: the search index still points at the right ones.
        var found = await ListAsync(db, new ContactListQuery(Q: "person7@migrate"));
        Assert.Equal("person7@migrate.test", Assert.Single(found.Rows).Email);
    }

    private static async Task<List<(long Id, DateTime LastSeen)>> SeenInListOrderAsync(TestDatabase db)
    {
        var page = await ListAsync(db, new ContactListQuery());
        Assert.Equal(12, page.TotalMatches);
        return page.Rows.Select(r => (r.Id, r.LastSeen)).ToList();
    }

    private static async Task<ContactListPage> ListAsync(TestDatabase db, ContactListQuery query)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        return await new ContactDirectory(context, ContactSearch.For(db.Database.Provider)).ListAsync(Tenant, query);
    }

    private static async Task<Contact> ProfileAsync(TestDatabase db, long id)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        return await context.Contacts.AsNoTracking().SingleAsync(c => c.Id == id);
    }
}

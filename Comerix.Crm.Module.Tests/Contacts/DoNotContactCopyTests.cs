using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Search;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Contacts;

/// <summary>
/// Each contact's copy of its "do not contact" mark (what the list's "do not contact" filter reads) is kept by the
/// database from the marks themselves: whichever way a mark comes or goes (added, marked in bulk, moved by a merge,
/// lifted, erased with the person), the list shows exactly the marked.
/// </summary>
public sealed class DoNotContactCopyTests
{
    private const string Tenant = "Default";

    [Fact]
    public Task OnSqliteTheListShowsExactlyTheMarkedThroughMarksMergesLiftsAndAnErasure() => CheckAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheListShowsExactlyTheMarkedThroughMarksMergesLiftsAndAnErasure() => CheckAsync(CrmDatabaseProviders.Postgres);

    [Fact]
    public Task OnSqliteTheMigrationCopiesTheMarksAlreadyStored() => CheckMigrationAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheMigrationCopiesTheMarksAlreadyStored() => CheckMigrationAsync(CrmDatabaseProviders.Postgres);

    private static async Task CheckAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow;
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await db.Engine.IngestAsync(Tenant, Form($"f{i}", at.AddMinutes(i), Email($"p{i}@copy.test")))).ContactId!.Value);
        }
        Assert.Empty(await MarkedInListAsync(db));

        // One marked through EF (the admin's page), two in bulk (an imported unsubscribe list).
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            context.DoNotContact.Add(new DoNotContact { TenantId = Tenant, ContactId = ids[0], Reason = "asked", CreatedAt = DateTime.UtcNow, CreatedBy = "test" });
            await context.SaveChangesAsync();
            Assert.Equal(2, await context.MarkLiveContactsDoNotContactAsync(Tenant, [ids[1], ids[2]], "unsubscribed", DateTime.UtcNow, "import", CancellationToken.None));
        }
        Assert.Equal([ids[0], ids[1], ids[2]], await MarkedInListAsync(db));

        // A marked contact merged into an unmarked one: the person said stop, so the survivor is marked, the loser gone.
        await db.Engine.MergeAsync(Tenant, mergeId: ids[1], intoId: ids[4], actor: "admin@copy.test");
        Assert.Equal([ids[0], ids[2], ids[4]], await MarkedInListAsync(db));

        // Marked into marked: one mark stays, on the survivor.
        await db.Engine.MergeAsync(Tenant, mergeId: ids[2], intoId: ids[0], actor: "admin@copy.test");
        Assert.Equal([ids[0], ids[4]], await MarkedInListAsync(db));

        // Lifted; then a marked contact erased with everything it held.
        await db.Admin.RunAsync(Tenant, async uow => await uow.LiftDoNotContactAsync(ids[0]), CancellationToken.None);
        Assert.Equal([ids[4]], await MarkedInListAsync(db));
        await db.Admin.RunAsync(Tenant, async uow => await uow.EraseContactAsync(ids[4]), CancellationToken.None);
        Assert.Empty(await MarkedInListAsync(db));
    }

    /// <summary>
    /// The ids the "do not contact" list shows (after checking the copy agrees with the marks for every contact,
    /// merged-away ones included), in id order.
    /// </summary>
    private static async Task<List<long>> MarkedInListAsync(TestDatabase db)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        var marks = await context.DoNotContact.Select(d => d.ContactId).ToListAsync();
        var copies = await context.Contacts.MarkedDoNotContactOnly().Select(c => c.Id).ToListAsync();
        Assert.Equal(marks.Order(), copies.Order());
        var directory = new ContactDirectory(context, ContactSearch.For(db.Database.Provider));
        var list = await directory.ListAsync(Tenant, new ContactListQuery(Audiences.All, Contactable: "no"));
        Assert.Equal(list.Rows.Count, list.TotalMatches);
        Assert.All(list.Rows, r => Assert.True(r.DoNotContact));
        var contactable = await directory.ListAsync(Tenant, new ContactListQuery(Audiences.All, Contactable: "yes"));
        Assert.All(contactable.Rows, r => Assert.False(r.DoNotContact));
        Assert.Equal(await context.Contacts.CountAsync(c => c.State == ContactState.Live) - list.TotalMatches, contactable.TotalMatches);
        return list.Rows.Select(r => r.Id).Order().ToList();
    }

    /// <summary>A directory from before the copy: the migration marks the contacts its marks name.</summary>
    private static async Task CheckMigrationAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow;
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await db.Engine.IngestAsync(Tenant, Form($"m{i}", at.AddMinutes(i), Email($"m{i}@migrate.test")))).ContactId!.Value);
        }
        await using (var context = db.Database.CreateDbContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261205040000_ContactCounts");
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO crm_do_not_contact (tenant_id, contact_id, reason, created_at, created_by) VALUES ({0}, {1}, 'bounced', {2}, 'old')",
                Tenant, ids[1], DateTime.UtcNow);
        }
        await db.Database.MigrateAsync();

        Assert.Equal([ids[1]], await MarkedInListAsync(db));
    }
}

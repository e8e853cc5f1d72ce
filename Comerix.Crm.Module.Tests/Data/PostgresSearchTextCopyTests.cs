using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Search;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// PostgreSQL keeps each contact's searched text in a table of its own (ContactSearchTextApart), written by triggers
/// on the contacts: whichever way a contact is added, renamed, merged or erased, the copy says what the contact says,
/// and search finds the contact by what it says now.
/// </summary>
public sealed class PostgresSearchTextCopyTests
{
    private const string Tenant = "Default";

    [PostgresFact]
    public async Task TheCopyFollowsAddsRenamesMergesAndAnErasure()
    {
        await using var db = await TestDatabase.CreatePostgresAsync();
        var at = DateTimeOffset.UtcNow;
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await db.Engine.IngestAsync(Tenant, Form($"f{i}", at.AddMinutes(i), Email($"person{i}@copy.test")))).ContactId!.Value);
        }
        await AssertCopyAgreesAsync(db);
        Assert.Equal([ids[2]], await FoundAsync(db, "person2@"));

        // Renamed through EF (the admin's edit), and by hand-written SQL.
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            var contact = await context.Contacts.SingleAsync(c => c.Id == ids[0]);
            contact.DisplayName = "Zelda Quartermaine";
            contact.Company = "Quill & Co";
            await context.SaveChangesAsync();
            await context.Database.ExecuteSqlRawAsync("UPDATE crm_contacts SET phone = '+14155550199' WHERE tenant_id = {0} AND id = {1}", Tenant, ids[1]);
        }
        await AssertCopyAgreesAsync(db);
        Assert.Equal([ids[0]], await FoundAsync(db, "quartermaine"));
        Assert.Equal([ids[0]], await FoundAsync(db, "quill &"));
        Assert.Equal([ids[1]], await FoundAsync(db, "(415) 555-0199"));

        // Visits alone leave the copy as it was (the trigger's condition): the text still agrees.
        await db.Engine.IngestAsync(Tenant, Form("again", at.AddHours(1), Email("person3@copy.test")));
        await AssertCopyAgreesAsync(db);

        // A merge: the loser stays as a merged row, not found; the survivor is.
        await db.Engine.MergeAsync(Tenant, mergeId: ids[2], intoId: ids[3], actor: "admin@copy.test");
        await AssertCopyAgreesAsync(db);
        Assert.Equal([ids[3]], await FoundAsync(db, "person3@"));

        // Erased: the contact's text goes with it.
        await db.Admin.RunAsync(Tenant, async uow => await uow.EraseContactAsync(ids[0]), CancellationToken.None);
        await AssertCopyAgreesAsync(db);
        Assert.Empty(await FoundAsync(db, "quartermaine"));
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            Assert.Equal(0, await CountAsync(context, "SELECT count(*)::int AS \"Value\" FROM crm_contacts_search WHERE text LIKE '%quartermaine%'"));
        }
    }

    [PostgresFact]
    public async Task TheMigrationCopiesTheContactsAlreadyStoredAndItsDownPutsTheIndexBack()
    {
        await using var db = await TestDatabase.CreatePostgresAsync();
        var at = DateTimeOffset.UtcNow;
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await db.Engine.IngestAsync(Tenant, Form($"m{i}", at.AddMinutes(i), Email($"stored{i}@migrate.test")))).ContactId!.Value);
        }
        await using (var context = db.Database.CreateDbContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261206100000_DuplicateSuggestions");
            Assert.Equal(1, await CountAsync(context, "SELECT count(*)::int AS \"Value\" FROM pg_indexes WHERE indexname = 'ix_crm_contacts_search_trgm'"));
            Assert.Equal(0, await CountAsync(context, "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name = 'crm_contacts_search'"));
        }
        await db.Database.MigrateAsync();

        await AssertCopyAgreesAsync(db);
        Assert.Equal([ids[1]], await FoundAsync(db, "stored1@"));
    }

    /// <summary>Every contact, merged ones included, has exactly one copy, and it is its searched text.</summary>
    private static async Task AssertCopyAgreesAsync(TestDatabase db)
    {
        await using var context = db.Database.CreateDbContext();
        Assert.Equal(0, await CountAsync(context, """
            SELECT count(*)::int AS "Value" FROM crm_contacts AS c FULL JOIN crm_contacts_search AS s ON s.tenant_id = c.tenant_id AND s.contact_id = c.id
            WHERE c.id IS NULL OR s.contact_id IS NULL
              OR s.text IS DISTINCT FROM lower(coalesce(c.display_name, '') || E'\n' || coalesce(c.email, '') || E'\n' || coalesce(c.phone, '') || E'\n' || coalesce(c.company, ''))
            """));
        Assert.NotEqual(0, await CountAsync(context, "SELECT count(*)::int AS \"Value\" FROM crm_contacts_search"));
    }

    private static async Task<List<long>> FoundAsync(TestDatabase db, string search)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        var directory = new ContactDirectory(context, ContactSearch.For(db.Database.Provider));
        var list = await directory.ListAsync(Tenant, new ContactListQuery(Audiences.All, Q: search));
        return list.Rows.Select(r => r.Id).Order().ToList();
    }

    private static Task<int> CountAsync(CrmDbContext context, string sql) => context.Database.SqlQueryRaw<int>(sql).SingleAsync();
}

using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Contacts;

/// <summary>
/// Custom field values through what happens to people, on both databases: a merge keeps the survivor's value and
/// takes the other's where the survivor had none; an erasure deletes the person's values; deleting a field deletes
/// every value of it (the foreign key), whoever deletes it; an import's set-based write touches live contacts and
/// existing fields only.
/// </summary>
public sealed class CustomFieldStorageTests
{
    private const string Tenant = "Default";

    [Fact]
    public Task OnSqliteValuesFollowMergesErasureAndTheirField() => CheckAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresValuesFollowMergesErasureAndTheirField() => CheckAsync(CrmDatabaseProviders.Postgres);

    private static async Task CheckAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow;
        var ann = (await db.Engine.IngestAsync(Tenant, Form("a", at, Email("ann@fields.test")))).ContactId!.Value;
        var bea = (await db.Engine.IngestAsync(Tenant, Form("b", at, Email("bea@fields.test")))).ContactId!.Value;
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            context.CustomFields.AddRange(Field("plan"), Field("city"), Field("birthday"));
            context.ContactFieldValues.AddRange(
                Value(ann, "plan", "Pro"), Value(bea, "plan", "Free"), Value(bea, "city", "Lyon"), Value(ann, "birthday", "1990-01-02"));
            await context.SaveChangesAsync();
        }

        // Bea merged into Ann: Ann's plan stands, Bea's city fills Ann's empty one; nothing is left on the tombstone.
        await db.Engine.MergeAsync(Tenant, mergeId: bea, intoId: ann, actor: "admin@fields.test");
        Assert.Equal([(ann, "birthday", "1990-01-02"), (ann, "city", "Lyon"), (ann, "plan", "Pro")], await ValuesAsync(db));

        // An import's set-based write: a live contact's value replaced; a merged-away contact and a field that does
        // not exist are left out.
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            var written = await context.SetLiveContactsFieldValuesAsync(Tenant,
                [(ann, "city", "Paris"), (bea, "plan", "Team"), (ann, "no_such_field", "1")], DateTime.UtcNow, "import", CancellationToken.None);
            Assert.Equal(1, written);
        }
        Assert.Equal([(ann, "birthday", "1990-01-02"), (ann, "city", "Paris"), (ann, "plan", "Pro")], await ValuesAsync(db));

        // The field deleted with plain SQL: its values go with it.
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            await context.CustomFields.Where(f => f.Key == "birthday").ExecuteDeleteAsync();
        }
        Assert.Equal([(ann, "city", "Paris"), (ann, "plan", "Pro")], await ValuesAsync(db));

        await db.Admin.RunAsync(Tenant, async uow => await uow.EraseContactAsync(ann), CancellationToken.None);
        Assert.Empty(await ValuesAsync(db));
        await using (var context = db.Database.CreateDbContext(Tenant))
        {
            Assert.Equal(2, await context.CustomFields.CountAsync());
        }
    }

    private static CustomField Field(string key) =>
        new() { TenantId = Tenant, Key = key, Label = key, Type = "text", CreatedAt = DateTime.UtcNow, CreatedBy = "test" };

    private static ContactFieldValue Value(long contactId, string key, string value) =>
        new() { TenantId = Tenant, ContactId = contactId, FieldKey = key, Value = value, UpdatedAt = DateTime.UtcNow, UpdatedBy = "test" };

    private static async Task<List<(long, string, string)>> ValuesAsync(TestDatabase db)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        return (await context.ContactFieldValues.OrderBy(v => v.ContactId).ThenBy(v => v.FieldKey).ToListAsync())
            .Select(v => (v.ContactId, v.FieldKey, v.Value)).ToList();
    }
}

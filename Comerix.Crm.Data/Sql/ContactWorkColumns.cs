using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data.Sql;

/// <summary>The columns of a contact the team works with (issue 19), set by statement: the engine never writes them.</summary>
internal enum ContactWorkColumn
{
    /// <summary><c>stage</c>: the key of the contact's lifecycle stage.</summary>
    Stage,

    /// <summary><c>owner_name</c>: the sign-in name of the site user who owns the contact.</summary>
    Owner,
}

/// <summary>A timeline row recording a change the team made (<c>crm:stage</c>, <c>crm:owner</c>).</summary>
internal sealed record TeamChangeRow(long Id, string EventId, long ContactId, string Type, DateTime At, string PayloadJson);

/// <summary>One contact whose work column a statement changed, and what it held before.</summary>
internal sealed record ContactColumnChange(long ContactId, string? Before);

internal static class ContactWorkColumns
{
    /// <summary>
    /// Sets <paramref name="column"/> to <paramref name="value"/> (null clears it) on the live contacts among
    /// <paramref name="contactIds"/> that hold something else, and answers each one changed with its value before. Run
    /// it in a transaction: PostgreSQL locks the rows read (SQLite's transactions hold the write lock from the start),
    /// so the "before" of a change is what it replaced. The caller gives at most a slice of ids (a parameter each).
    /// </summary>
    public static async Task<List<ContactColumnChange>> SetOnLiveContactsAsync(this CrmDbContext db, string tenantId,
        IReadOnlyCollection<long> contactIds, ContactWorkColumn column, string? value, DateTime at, CancellationToken cancellationToken)
    {
        if (contactIds.Count == 0)
        {
            return [];
        }
        var name = NameOf(column);
        // Only the column's name and numbered placeholders are joined into the text; every value is a parameter.
        var parameters = new List<object> { tenantId, ContactState.Live.ToCode(), at };
        var idPlaceholders = SqlInList.Placeholders(parameters, contactIds);
        var newValue = value is null ? "NULL" : SqlInList.Placeholder(parameters, value);
        var differs = value is null ? $"{name} IS NOT NULL" : $"({name} IS NULL OR {name} <> {newValue})";
        var chosen = $"tenant_id = {{0}} AND state = {{1}} AND id IN ({idPlaceholders}) AND {differs}";
        var select = "SELECT id AS \"ContactId\", " + name + " AS \"Before\" FROM crm_contacts WHERE " + chosen + (db.IsPostgres ? " FOR UPDATE" : "");
        var changes = await db.Database.SqlQueryRaw<ContactColumnChange>(select, parameters.ToArray()).ToListAsync(cancellationToken);
        if (changes.Count > 0)
        {
            var update = "UPDATE crm_contacts SET " + name + " = " + newValue + ", updated_at = {2} WHERE " + chosen;
            await db.Database.ExecuteSqlRawAsync(update, parameters, cancellationToken);
        }
        return changes;
    }

    /// <summary>
    /// Writes timeline rows in one statement, on the context's connection and transaction, without its change tracker:
    /// the context may be tracking someone else's entities (an import's job), which must not be saved or cleared here.
    /// </summary>
    public static Task<int> InsertTeamChangeRowsAsync(this CrmDbContext db, string tenantId, IReadOnlyCollection<TeamChangeRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return Task.FromResult(0);
        }
        var parameters = new List<object> { tenantId };
        var values = string.Join(", ", rows.Select(r =>
        {
            var first = parameters.Count;
            parameters.AddRange([r.Id, r.EventId, r.ContactId, r.Type, r.At, r.PayloadJson]);
            return $"({{0}}, {{{first}}}, {{{first + 1}}}, {{{first + 2}}}, {{{first + 3}}}, {{{first + 4}}}, {{{first + 4}}}, {{{first + 5}}})";
        }));
        var sql = "INSERT INTO crm_activities (tenant_id, id, event_id, contact_id, type, occurred_at, received_at, payload_json) VALUES " + values;
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    /// <summary>The live contacts whose <paramref name="column"/> holds <paramref name="value"/> (a user's contacts, a stage's).</summary>
    public static Task<List<long>> LiveContactsHoldingAsync(this CrmDbContext db, ContactWorkColumn column, string value, CancellationToken cancellationToken)
    {
        var property = column == ContactWorkColumn.Stage ? ContactColumns.Stage : ContactColumns.Owner;
        return db.Contacts.AsNoTracking().Where(c => c.State == ContactState.Live && EF.Property<string?>(c, property) == value)
            .Select(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>A contact's stage key and owner (nulls for a contact that has neither, or does not exist).</summary>
    public static async Task<(string? Stage, string? Owner)> WorkOfAsync(this CrmDbContext db, long contactId, CancellationToken cancellationToken)
    {
        var row = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId)
            .Select(c => new { Stage = EF.Property<string?>(c, ContactColumns.Stage), Owner = EF.Property<string?>(c, ContactColumns.Owner) })
            .FirstOrDefaultAsync(cancellationToken);
        return (row?.Stage, row?.Owner);
    }

    /// <summary>
    /// Replaces the tenant's lifecycle stages with <paramref name="stages"/>, in that order, in one transaction: a
    /// concurrent edit's rows are replaced, never interleaved. By statement, not the change tracker, which may hold a
    /// caller's entities (a recipe's other steps).
    /// </summary>
    public static async Task ReplaceLifecycleStagesAsync(this CrmDbContext db, string tenantId, IReadOnlyList<(string Key, string Label)> stages,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LifecycleStages.Where(s => s.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
        for (var i = 0; i < stages.Count; i++)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO crm_lifecycle_stages (tenant_id, key, label, position) VALUES ({tenantId}, {stages[i].Key}, {stages[i].Label}, {i})",
                cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static string NameOf(ContactWorkColumn column) => column switch
    {
        ContactWorkColumn.Stage => "stage",
        ContactWorkColumn.Owner => "owner_name",
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };
}

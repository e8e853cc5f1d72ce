using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Fields;

/// <summary>One field on one contact's profile: its definition and the contact's value (null when empty).</summary>
internal sealed record ContactFieldShown(CustomField Field, string? Value)
{
    public string? Display => Value is null ? null : CustomFieldValues.Display(Field, Value);

    /// <summary>The fields holding a value, by key, as JSON values: the read API's and the data export's <c>fields</c>.</summary>
    public static Dictionary<string, System.Text.Json.JsonElement> Json(IEnumerable<ContactFieldShown> fields) =>
        fields.Where(f => f.Value is not null).ToDictionary(f => f.Field.Key, f => CustomFieldValues.ToJson(f.Field, f.Value!), StringComparer.Ordinal);
}

/// <summary>Reads and edits a contact's custom field values.</summary>
internal sealed class ContactFieldEditor(CrmDbContext db, CustomFieldDefinitions definitions, TimeProvider time, Audit.AuditLog audit)
{
    /// <summary>Every field in order, with the contact's value of it.</summary>
    public async Task<IReadOnlyList<ContactFieldShown>> ForContactAsync(string tenantId, long contactId, CancellationToken cancellationToken = default)
    {
        var fields = await definitions.ListAsync(tenantId, cancellationToken);
        if (fields.Count == 0)
        {
            return [];
        }
        var values = await db.InTenant(tenantId).ContactFieldValues.AsNoTracking().Where(v => v.ContactId == contactId)
            .ToDictionaryAsync(v => v.FieldKey, v => v.Value, cancellationToken);
        return fields.Select(f => new ContactFieldShown(f, values.GetValueOrDefault(f.Key))).ToList();
    }

    /// <summary>
    /// Sets the contact's values from a form (field key → what was typed or chosen); a field left out of the form is left
    /// alone, one sent empty is cleared. Nothing is saved unless every value is right: returns the problems by field key.
    /// </summary>
    public async Task<Dictionary<string, string>> SaveAsync(string tenantId, long contactId, IReadOnlyDictionary<string, IReadOnlyList<string?>> input,
        string actor, CancellationToken cancellationToken = default)
    {
        var fields = (await definitions.ListAsync(tenantId, cancellationToken)).ToDictionary(f => f.Key);
        var problems = new Dictionary<string, string>();
        var wanted = new Dictionary<string, string?>();
        foreach (var (key, typed) in input)
        {
            if (!fields.TryGetValue(key, out var field))
            {
                problems[key] = "This field was deleted a moment ago.";
                continue;
            }
            var value = CustomFieldValues.Parse(field, typed, out var problem);
            if (problem is not null)
            {
                problems[key] = problem;
            }
            wanted[key] = value;
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var stored = await db.InTenant(tenantId).ContactFieldValues.Where(v => v.ContactId == contactId).ToDictionaryAsync(v => v.FieldKey, cancellationToken);
        var changed = new List<string>();
        foreach (var (key, value) in wanted)
        {
            var row = stored.GetValueOrDefault(key);
            if (value == row?.Value)
            {
                continue;
            }
            changed.Add(key);
            if (value is null)
            {
                db.ContactFieldValues.Remove(row!);
            }
            else if (row is null)
            {
                db.ContactFieldValues.Add(new ContactFieldValue { TenantId = tenantId, ContactId = contactId, FieldKey = key, Value = value, UpdatedAt = now, UpdatedBy = actor });
            }
            else
            {
                (row.Value, row.UpdatedAt, row.UpdatedBy) = (value, now, actor);
            }
        }
        if (changed.Count == 0)
        {
            return problems;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A key decided: the contact was merged away or erased, a field deleted, or the same value set, a moment ago.
            db.ChangeTracker.Clear();
            return new() { [""] = "Someone changed this contact or its fields at the same moment. Reload and try again." };
        }
        // The field keys only, never the values: the audit log outlives the person.
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.ContactFieldsChanged, new { contactId, fields = changed }, cancellationToken);
        return problems;
    }

    /// <summary>
    /// Sets many contacts' values at once (an import), already checked by their fields' types, in statements of 300:
    /// live contacts only, fields that still exist. Audited by the caller, once for the lot.
    /// </summary>
    /// <returns>How many values were written.</returns>
    public async Task<int> SetManyAsync(string tenantId, IReadOnlyCollection<(long ContactId, string Key, string Value)> values, string actor,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var written = 0;
        foreach (var chunk in values.Chunk(300))
        {
            written += await db.SetLiveContactsFieldValuesAsync(tenantId, chunk, now, actor, cancellationToken);
        }
        return written;
    }
}

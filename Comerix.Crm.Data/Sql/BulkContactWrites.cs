using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Set-based writes over many contacts at once (bulk tagging, do-not-contact from a list or an import), run on the
/// context's connection and transaction. Each is one statement per call, so the rules it checks (the contact is
/// live, the per-contact tag limit, "already there") hold even against a concurrent writer; the primary key has the
/// last word. Only numbered placeholders are joined into the text; every value travels as a parameter.
/// </summary>
internal static class BulkContactWrites
{
    /// <summary>Tags the live contacts among <paramref name="contactIds"/> that have neither this tag nor <paramref name="maxPerContact"/> tags already.</summary>
    /// <returns>How many rows were written.</returns>
    public static Task<int> TagLiveContactsAsync(this CrmDbContext db, string tenantId, IReadOnlyCollection<long> contactIds,
        string key, string label, DateTime at, string actor, int maxPerContact, CancellationToken cancellationToken)
    {
        var parameters = new List<object> { tenantId, key, label, at, actor, ContactState.Live.ToCode(), maxPerContact };
        var sql =
            "INSERT INTO crm_contact_tags (tenant_id, contact_id, key, label, created_at, created_by) " +
            "SELECT c.tenant_id, c.id, {1}, {2}, {3}, {4} FROM crm_contacts c " +
            "WHERE c.tenant_id = {0} AND c.state = {5} AND c.id IN (" + SqlInList.Placeholders(parameters, contactIds) + ") " +
            "AND NOT EXISTS (SELECT 1 FROM crm_contact_tags t WHERE t.tenant_id = c.tenant_id AND t.contact_id = c.id AND t.key = {1}) " +
            "AND (SELECT COUNT(*) FROM crm_contact_tags t WHERE t.tenant_id = c.tenant_id AND t.contact_id = c.id) < {6} " +
            "ON CONFLICT (tenant_id, contact_id, key) DO NOTHING";
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    /// <summary>Marks the live contacts among <paramref name="contactIds"/> that have no mark yet "do not contact", for <paramref name="reason"/>.</summary>
    /// <returns>How many rows were written.</returns>
    public static Task<int> MarkLiveContactsDoNotContactAsync(this CrmDbContext db, string tenantId, IReadOnlyCollection<long> contactIds,
        string reason, DateTime at, string actor, CancellationToken cancellationToken)
    {
        var parameters = new List<object> { tenantId, reason, at, actor, ContactState.Live.ToCode() };
        var sql =
            "INSERT INTO crm_do_not_contact (tenant_id, contact_id, reason, created_at, created_by) " +
            "SELECT c.tenant_id, c.id, {1}, {2}, {3} FROM crm_contacts c " +
            "WHERE c.tenant_id = {0} AND c.state = {4} AND c.id IN (" + SqlInList.Placeholders(parameters, contactIds) + ") " +
            "ON CONFLICT (tenant_id, contact_id) DO NOTHING";
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    /// <summary>
    /// Sets contact field values (contact id, field key, value in its stored form) on the live contacts among them, for
    /// fields that still exist; a value already there is replaced. The caller gives each contact and field once.
    /// </summary>
    /// <returns>How many values were written.</returns>
    public static Task<int> SetLiveContactsFieldValuesAsync(this CrmDbContext db, string tenantId,
        IReadOnlyCollection<(long ContactId, string Key, string Value)> values, DateTime at, string actor, CancellationToken cancellationToken)
    {
        var parameters = new List<object> { tenantId, at, actor, ContactState.Live.ToCode() };
        var rows = string.Join(", ", values.Select(v =>
        {
            parameters.AddRange([v.ContactId, v.Key, v.Value]);
            return $"({{{parameters.Count - 3}}}, {{{parameters.Count - 2}}}, {{{parameters.Count - 1}}})";
        }));
        // VALUES names its columns column1… on both databases. "WHERE" before ON CONFLICT keeps SQLite from reading the
        // upsert's ON as the join's.
        var sql =
            "INSERT INTO crm_contact_field_values (tenant_id, contact_id, field_key, value, updated_at, updated_by) " +
            "SELECT c.tenant_id, c.id, v.column2, v.column3, {1}, {2} FROM (VALUES " + rows + ") AS v " +
            "JOIN crm_contacts c ON c.tenant_id = {0} AND c.id = v.column1 AND c.state = {3} " +
            "WHERE EXISTS (SELECT 1 FROM crm_custom_fields f WHERE f.tenant_id = {0} AND f.key = v.column2) " +
            "ON CONFLICT (tenant_id, contact_id, field_key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by";
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }
}

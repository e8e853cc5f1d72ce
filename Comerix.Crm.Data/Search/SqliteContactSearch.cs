using System.Text.Json;
using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data.Search;

/// <summary>
/// SQLite: a term of three characters or more goes through the FTS5 trigram index (ContactListSearch and SupportSearch
/// migrations), which finds "contains" matches without scanning; shorter terms use LIKE. CROSS JOIN fixes SQLite's
/// join order, from the few hits to their rows.
/// </summary>
internal sealed class SqliteContactSearch : IContactSearch
{
    public static readonly SqliteContactSearch Instance = new();

    public async Task<IQueryable<Contact>> FindAsync(CrmDbContext db, string tenantId, string search, IReadOnlyList<long> byIdentifier, CancellationToken cancellationToken)
    {
        if (ContactSearchTerms.Match(search) is not { } match)
        {
            return ContactSearch.Contains(db, search, byIdentifier);
        }
        if (byIdentifier.Count == 0)
        {
            // CROSS JOIN fixes SQLite's join order: from the few index hits to their rows, never a walk of every contact.
            return db.Contacts
                .FromSql($"SELECT c.* FROM crm_contacts_search CROSS JOIN crm_contacts AS c ON c.rowid = crm_contacts_search.rowid WHERE crm_contacts_search MATCH {match}")
                .AsNoTracking()
                .Where(c => c.TenantId == tenantId && c.State == ContactState.Live);
        }
        var byText = await db.Database
            .SqlQuery<long>($"SELECT c.id AS \"Value\" FROM crm_contacts_search CROSS JOIN crm_contacts AS c ON c.rowid = crm_contacts_search.rowid WHERE crm_contacts_search MATCH {match} AND c.tenant_id = {tenantId}")
            .ToListAsync(cancellationToken);
        var ids = JsonSerializer.Serialize(byText.Union(byIdentifier));
        // Again from the matches to their rows (the ids in a JSON array), never a walk of the list index.
        return db.Contacts
            .FromSql($"SELECT c.* FROM json_each({ids}) AS k CROSS JOIN crm_contacts AS c ON c.tenant_id = {tenantId} AND c.id = k.value")
            .AsNoTracking()
            .Where(c => c.State == ContactState.Live);
    }

    public IQueryable<long> ReferenceValueMatches(CrmDbContext db, string tenantId, string from) =>
        ContactSearch.ReferenceValueMatches(db, Migrations.SupportSearch.SqliteReferenceValue, tenantId, from);
}

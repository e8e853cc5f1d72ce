using Comerix.Crm.Contacts;

namespace Comerix.Crm.Data.Search;

/// <summary>
/// PostgreSQL: "contains" by LIKE on the contact's own fields (no trigram index yet: pg_trgm is an extension the
/// database's owner must allow), identifiers by key ranges.
/// </summary>
internal sealed class PostgresContactSearch : IContactSearch
{
    public static readonly PostgresContactSearch Instance = new();

    public Task<IQueryable<Contact>> FindAsync(CrmDbContext db, string tenantId, string search, IReadOnlyList<long> byIdentifier, CancellationToken cancellationToken) =>
        Task.FromResult(ContactSearch.Contains(db, search, byIdentifier));

    // The list's own filter (id IN the tenant's marks) plans well on PostgreSQL.
    public IQueryable<Contact>? MarkedDoNotContact(CrmDbContext db, string tenantId) => null;

    public IQueryable<long> ReferenceValueMatches(CrmDbContext db, string tenantId, string from) =>
        ContactSearch.ReferenceValueMatches(db, Migrations.SupportSearch.PostgresReferenceValue, tenantId, from);
}

using Comerix.Crm.Contacts;

namespace Comerix.Crm.Data.Search;

/// <summary>
/// How the contact list finds contacts, spelled for one database: the only place its SQL differs by provider.
/// Chosen at registration by the configured provider (<see cref="ContactSearch.For"/>). Every query it returns is
/// tenant-scoped: LINQ by the context's query filter, raw SQL by the tenant it names.
/// </summary>
internal interface IContactSearch
{
    /// <summary>
    /// The live contacts whose name, email, phone or company contain <paramref name="search"/>, or whose id is in
    /// <paramref name="byIdentifier"/> (the identifier prefix matches, read first).
    /// </summary>
    Task<IQueryable<Contact>> FindAsync(CrmDbContext db, string tenantId, string search, IReadOnlyList<long> byIdentifier, CancellationToken cancellationToken);

    /// <summary>The contacts holding an external reference whose value (after its namespace) starts with <paramref name="from"/>, at most 1,000.</summary>
    IQueryable<long> ReferenceValueMatches(CrmDbContext db, string tenantId, string from);
}

using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data.Search;

/// <summary>Chooses the search for a provider, and holds what both searches share.</summary>
internal static class ContactSearch
{
    /// <summary>The search for the configured provider.</summary>
    public static IContactSearch For(string provider) =>
        provider == CrmDatabaseProviders.Postgres ? PostgresContactSearch.Instance : SqliteContactSearch.Instance;

    /// <summary>
    /// "Contains" on the contact's own fields, plus the identifier matches, by reading every contact: SQLite's way for
    /// terms its trigram index cannot answer (shorter than three characters).
    /// </summary>
    internal static IQueryable<Contact> Contains(CrmDbContext db, string search, IReadOnlyList<long> byIdentifier)
    {
        var term = search.ToLowerInvariant();
        // Phones are stored as E.164, so "(555) 010-2030" is searched by its digits.
        var phoneTerm = ContactSearchTerms.PhoneDigits(search);
        // ToLower().Contains, not Contains(term, StringComparison): EF translates this one to SQL on both providers.
#pragma warning disable CA1862
        return db.Contacts.AsNoTracking().Where(c => c.State == ContactState.Live).Where(c =>
            (c.DisplayName != null && c.DisplayName.ToLower().Contains(term))
            || (c.Email != null && c.Email.ToLower().Contains(term))
            || (c.Phone != null && (c.Phone.Contains(term) || (phoneTerm != null && c.Phone.Contains(phoneTerm))))
            || (c.Company != null && c.Company.ToLower().Contains(term))
            || byIdentifier.Contains(c.Id));
#pragma warning restore CA1862
    }

    /// <summary>A key range of the SupportSearch migration's index, named by its expression (<paramref name="value"/>) word for word.</summary>
    internal static IQueryable<long> ReferenceValueMatches(CrmDbContext db, string value, string tenantId, string from)
    {
        // Only the constant expression is spliced in; the values are parameters.
        var sql = $"SELECT contact_id AS \"Value\" FROM crm_identifiers WHERE tenant_id = {{0}} AND type = 'external_ref' AND {value} >= {{1}} AND {value} < {{2}} LIMIT 1000";
        return db.Database.SqlQueryRaw<long>(sql, tenantId, from, from + "\uffff");
    }
}

using Comerix.Crm.Contacts;
using Comerix.Crm.Data.Migrations;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data.Search;

/// <summary>
/// PostgreSQL: "contains" by LIKE '%term%' on the joined text that the ContactSearchTrigrams migration's pg_trgm
/// index holds (terms of three characters or more are answered from the index; shorter ones read the table), then
/// field by field as SQLite matches, so a term found in the joined text is a term found in one field. Identifiers
/// by key ranges. The typed text is matched literally: its <c>\</c>, <c>%</c> and <c>_</c> are escaped.
/// </summary>
internal sealed class PostgresContactSearch : IContactSearch
{
    public static readonly PostgresContactSearch Instance = new();

    private const string Escape = "\\";

    private const string Like = $"LIKE {{1}} ESCAPE '{Escape}'";

    /// <summary>The text in any field; the index finds the few rows, the fields decide.</summary>
    private const string ByText = $"({ContactSearchTrigrams.SearchedText} {Like} AND (lower(display_name) {Like} " +
        $"OR lower(email) {Like} OR phone {Like} OR lower(company) {Like}))";

    /// <summary>Phones are stored as E.164, so "(555) 010-2030" is also searched by its digits, in the phone.</summary>
    private const string ByDigits = $" OR ({ContactSearchTrigrams.SearchedText} LIKE {{2}} ESCAPE '{Escape}' AND phone LIKE {{2}} ESCAPE '{Escape}')";

    private const string ByIdentifier = " OR id = ANY({3})";

    public Task<IQueryable<Contact>> FindAsync(CrmDbContext db, string tenantId, string search, IReadOnlyList<long> byIdentifier, CancellationToken cancellationToken)
    {
        var digits = ContactSearchTerms.PhoneDigits(search);
        // Arms with nothing to find are left out, not sent empty: each one the planner is given costs an index read.
        var sql = "SELECT * FROM crm_contacts WHERE tenant_id = {0} AND (" + ByText
            + (digits is null ? "" : ByDigits) + (byIdentifier.Count == 0 ? "" : ByIdentifier) + ")";
        object[] parameters = [tenantId, ContainsPattern(search.ToLowerInvariant()), ContainsPattern(digits ?? ""), byIdentifier.ToArray()];
        var found = db.Contacts.FromSqlRaw(sql, parameters).AsNoTracking().Where(c => c.State == ContactState.Live);
        return Task.FromResult(found);
    }

    public IQueryable<long> ReferenceValueMatches(CrmDbContext db, string tenantId, string from) =>
        ContactSearch.ReferenceValueMatches(db, SupportSearch.PostgresReferenceValue, tenantId, from);

    /// <summary>A LIKE pattern for "contains <paramref name="term"/>", literally: the escape character first, then the wildcards.</summary>
    internal static string ContainsPattern(string term) =>
        "%" + term.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal) + "%";
}

using Comerix.Crm.Contacts;
using Comerix.Crm.Data.Migrations;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data.Search;

/// <summary>
/// PostgreSQL: "contains" by LIKE '%term%' on the joined text in <c>crm_contacts_search</c>, whose pg_trgm index finds
/// the few candidates (terms of three characters or more; shorter ones read that narrow table), then field by field as
/// SQLite matches, so a term found in the joined text is a term found in one field. Identifiers by key ranges, their
/// contacts added to the candidates. The typed text is matched literally: its <c>\</c>, <c>%</c> and <c>_</c> are escaped.
/// </summary>
internal sealed class PostgresContactSearch : IContactSearch
{
    public static readonly PostgresContactSearch Instance = new();

    private const string Escape = "\\";

    private const string Like = $"LIKE {{1}} ESCAPE '{Escape}'";

    private const string DigitsLike = $"LIKE {{2}} ESCAPE '{Escape}'";

    /// <summary>The candidates: one index read of the searched text (one semi-join, so the planner keeps to the index).</summary>
    private const string Candidates = $"SELECT contact_id FROM {ContactSearchTextApart.Table} WHERE tenant_id = {{0}} AND (text {Like}";

    /// <summary>The text in one field decides.</summary>
    private const string InAField = $"lower(display_name) {Like} OR lower(email) {Like} OR phone {Like} OR lower(company) {Like}";

    public Task<IQueryable<Contact>> FindAsync(CrmDbContext db, string tenantId, string search, IReadOnlyList<long> byIdentifier, CancellationToken cancellationToken)
    {
        var digits = ContactSearchTerms.PhoneDigits(search);
        var byId = byIdentifier.Count > 0;
        // Arms with nothing to find are left out, not sent empty: each one the planner is given costs an index read.
        // Phones are stored as E.164, so "(555) 010-2030" is also searched by its digits, in the phone.
        var sql = "SELECT * FROM crm_contacts WHERE tenant_id = {0} AND id IN (" + Candidates
            + (digits is null ? "" : $" OR text {DigitsLike}") + ")"
            + (byId ? " UNION ALL SELECT unnest({3})" : "") + ") AND (" + InAField
            + (digits is null ? "" : $" OR phone {DigitsLike}") + (byId ? " OR id = ANY({3})" : "") + ")";
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

using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// The Contacts list: tiles and one filtered, paged slice, newest activity first. Reads only live contacts,
/// so merged-away tombstones never show or count.
/// </summary>
public sealed class ContactDirectory(CrmDbContext db)
{
    public async Task<ContactTiles> GetTilesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        // Two plain counts over the list index measured faster than one grouped or conditional count (Bench list).
        var total = await LiveContacts(tenantId).CountAsync(cancellationToken);
        var identified = await LiveContacts(tenantId).CountAsync(c => c.IsIdentified, cancellationToken);
        return new ContactTiles(total, identified, total - identified);
    }

    public async Task<ContactListPage> ListAsync(string tenantId, ContactListQuery query, CancellationToken cancellationToken = default)
    {
        var contacts = Matching(tenantId, query);
        var total = await contacts.CountAsync(cancellationToken);
        var page = Math.Min(query.EffectivePage, Math.Max(1, (total + ContactListQuery.PageSize - 1) / ContactListQuery.PageSize));
        var rows = await InListOrder(contacts)
            .Skip((page - 1) * ContactListQuery.PageSize)
            .Take(ContactListQuery.PageSize)
            .Select(c => new ContactListRow(c.Id, c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified, c.LastSeen))
            .ToListAsync(cancellationToken);
        return new ContactListPage(rows, page, total);
    }

    /// <summary>How many contacts the filters match (every page).</summary>
    public Task<int> CountAsync(string tenantId, ContactListQuery query, CancellationToken cancellationToken = default) =>
        Matching(tenantId, query).CountAsync(cancellationToken);

    /// <summary>Every contact the filters match, every page, in the list's order, read as they stream (the CSV export).</summary>
    public IAsyncEnumerable<Contact> StreamAsync(string tenantId, ContactListQuery query) =>
        InListOrder(Matching(tenantId, query)).AsAsyncEnumerable();

    private IQueryable<Contact> Matching(string tenantId, ContactListQuery query) => Filter(Searched(tenantId, query.EffectiveSearch), query);

    private static IOrderedQueryable<Contact> InListOrder(IQueryable<Contact> contacts) =>
        contacts.OrderByDescending(c => c.LastSeen).ThenByDescending(c => c.Id);

    private IQueryable<Contact> LiveContacts(string tenantId) =>
        db.Contacts.AsNoTracking().Where(c => c.TenantId == tenantId && c.State == ContactStates.Live);

    /// <summary>
    /// On SQLite a search of three characters or more goes through the trigram index (ContactListSearch migration),
    /// which finds "contains" matches without scanning; shorter terms, and PostgreSQL, use LIKE in <see cref="Filter"/>.
    /// </summary>
    private IQueryable<Contact> Searched(string tenantId, string? search)
    {
        if (search is null || !db.Database.IsSqlite() || ContactSearchTerms.Match(search) is not { } match)
        {
            return LiveContacts(tenantId);
        }
        return db.Contacts
            // CROSS JOIN fixes SQLite's join order: from the few index hits to their rows, never a walk of every contact.
            .FromSql($"SELECT c.* FROM crm_contacts_search CROSS JOIN crm_contacts AS c ON c.rowid = crm_contacts_search.rowid WHERE crm_contacts_search MATCH {match}")
            .AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.State == ContactStates.Live);
    }

    private IQueryable<Contact> Filter(IQueryable<Contact> contacts, ContactListQuery query)
    {
        contacts = query.EffectiveAudience switch
        {
            Audiences.Identified => contacts.Where(c => c.IsIdentified),
            Audiences.Anonymous => contacts.Where(c => !c.IsIdentified),
            _ => contacts,
        };
        if (query.EffectiveSource is { } source)
        {
            contacts = contacts.Where(c => c.Source == source);
        }
        if (query.EffectiveSearch is { } search && !(db.Database.IsSqlite() && ContactSearchTerms.Match(search) is not null))
        {
            var term = search.ToLowerInvariant();
            // Phones are stored as E.164, so "(555) 010-2030" is searched by its digits.
            var phoneTerm = ContactSearchTerms.PhoneDigits(search);
            contacts = contacts.Where(c =>
                (c.DisplayName != null && c.DisplayName.ToLower().Contains(term))
                || (c.Email != null && c.Email.ToLower().Contains(term))
                || (c.Phone != null && (c.Phone.Contains(term) || (phoneTerm != null && c.Phone.Contains(phoneTerm)))));
        }
        return contacts;
    }
}

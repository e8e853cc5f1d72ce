using Comerix.Crm.Activity;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// Everything attached to a live contact, counted: what a merge would move and what an erasure would remove.
/// Both pages show it before anyone confirms.
/// </summary>
internal sealed record ContactFootprint(
    Contact Contact,
    IReadOnlyList<Identifier> Identifiers,
    int Activities,
    int Conversions,
    IReadOnlyList<CurrencyTotal> ConversionValues,
    IReadOnlyDictionary<string, int> LinkedRecords,
    int MergedAway)
{
    public string Name => ContactNames.Display(Contact);
}

internal sealed class ContactFootprintReader(CrmDbContext db)
{
    public async Task<ContactFootprint?> ReadAsync(string tenantId, long contactId, CancellationToken cancellationToken = default)
    {
        var contact = await db.InTenant(tenantId).Contacts.AsNoTracking().SingleOrDefaultAsync(
            c => c.Id == contactId && c.State == ContactState.Live, cancellationToken);
        return contact is null ? null : await ReadAsync(contact, cancellationToken);
    }

    /// <summary>The footprint of a contact already loaded (the detail page has it in hand).</summary>
    public async Task<ContactFootprint> ReadAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        var (tenantId, contactId) = (contact.TenantId, contact.Id);
        var identifiers = await db.InTenant(tenantId).Identifiers.AsNoTracking()
            .Where(i => i.ContactId == contactId)
            .ToListAsync(cancellationToken);
        // Sorted here, not in SQL: an ORDER BY on type tempts SQLite into the (tenant, type, value) key over the
        // contact index, a scan of every identifier in the tenant.
        identifiers = identifiers.OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.FirstSeen).ToList();
        var activities = db.Activities.AsNoTracking().Where(a => a.ContactId == contactId);
        var activityCount = await activities.CountAsync(cancellationToken);
        var conversions = await activities.Where(a => a.Type == ActivityTypes.Conversion)
            .Select(a => new { a.Currency, a.ConversionValue }).ToListAsync(cancellationToken);
        var links = await db.ContactLinks.AsNoTracking()
            .Where(l => l.ContactId == contactId)
            .GroupBy(l => l.RecordKind).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var mergedAway = await db.Contacts.CountAsync(c => c.MergedIntoId == contactId, cancellationToken);
        var values = conversions.Where(c => c.ConversionValue is not null)
            .GroupBy(c => c.Currency ?? "")
            .Select(g => new CurrencyTotal(g.Key, g.Sum(c => c.ConversionValue!.Value)))
            .ToList();
        return new ContactFootprint(contact, identifiers, activityCount, conversions.Count, values, links, mergedAway);
    }
}

using Comerix.Crm.Activity;
using Comerix.Crm.Data;
using Comerix.Crm.Identity.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>Reads a contact for the detail page, and tells where a merged-away id lives on.</summary>
public sealed class ContactDetailsReader(CrmDbContext db)
{
    public const int TimelinePageSize = 100;

    /// <summary>The contact if live; for a tombstone, <see cref="ContactLookup.SurvivorId"/>; null when unknown.</summary>
    public async Task<ContactLookup?> FindAsync(string tenantId, long id, CancellationToken cancellationToken = default)
    {
        var contact = await db.Contacts.AsNoTracking()
            .SingleOrDefaultAsync(c => c.TenantId == tenantId && c.Id == id, cancellationToken);
        return contact switch
        {
            null => null,
            { State: ContactStates.Merged, MergedIntoId: { } survivor } => new ContactLookup(null, survivor),
            _ => new ContactLookup(contact, null),
        };
    }

    public async Task<ContactDetails> ReadAsync(Contact contact, DateTime? before = null, CancellationToken cancellationToken = default)
    {
        var tenantId = contact.TenantId;
        var identifiers = await db.Identifiers.AsNoTracking()
            .Where(i => i.TenantId == tenantId && i.ContactId == contact.Id)
            .ToListAsync(cancellationToken);
        // Sorted here, not in SQL: an ORDER BY on type tempts SQLite into the (tenant, type, value) key over the
        // contact index, a scan of every identifier in the tenant.
        identifiers = identifiers.OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.FirstSeen).ToList();
        var links = await db.ContactLinks.AsNoTracking()
            .Where(l => l.TenantId == tenantId && l.ContactId == contact.Id)
            .GroupBy(l => l.RecordKind)
            .Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var activities = db.Activities.AsNoTracking().Where(a => a.TenantId == tenantId && a.ContactId == contact.Id);
        var telemetry = await activities.CountAsync(a => a.Type == ActivityTypes.Telemetry, cancellationToken);
        var conversions = await activities
            .Where(a => a.Type == ActivityTypes.Conversion && a.ConversionValue != null)
            .Select(a => new { a.Currency, a.ConversionValue })
            .ToListAsync(cancellationToken);

        var page = activities;
        if (before is { } cursor)
        {
            page = page.Where(a => a.OccurredAt < cursor);
        }
        var rows = await page.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Take(TimelinePageSize + 1)
            .ToListAsync(cancellationToken);
        var timeline = rows.Take(TimelinePageSize)
            .GroupBy(a => DateOnly.FromDateTime(a.OccurredAt))
            .Select(g => new TimelineDay(g.Key, g.ToList()))
            .ToList();

        var summary = new ContactSummary(
            Conversations: links.Where(l => l.Kind == RecordKinds.Conversation).Sum(l => l.Count),
            FormsSubmitted: links.Where(l => l.Kind == RecordKinds.Form).Sum(l => l.Count),
            ConversionValues: conversions
                .GroupBy(c => c.Currency ?? "")
                .Select(g => new CurrencyTotal(g.Key, g.Sum(c => c.ConversionValue!.Value)))
                .OrderByDescending(v => v.Total)
                .ToList(),
            ConversionCount: conversions.Count,
            Telemetry: telemetry);
        return new ContactDetails(contact, identifiers, ContactProfile.ReadTraits(contact.TraitsJson), summary, timeline,
            HasOlderActivity: rows.Count > TimelinePageSize);
    }
}

public sealed record ContactLookup(Contact? Live, long? SurvivorId);

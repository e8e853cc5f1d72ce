using Comerix.Crm.Activity;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>Reads a contact for the detail page, and tells where a merged-away id lives on.</summary>
internal sealed class ContactDetailsReader(CrmDbContext db, ContactFootprintReader footprints)
{
    public const int TimelinePageSize = 100;

    /// <summary>The contact if live; for a tombstone, <see cref="ContactLookup.SurvivorId"/>; null when unknown.</summary>
    public async Task<ContactLookup?> FindAsync(string tenantId, long id, CancellationToken cancellationToken = default)
    {
        var contact = await db.InTenant(tenantId).Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return contact switch
        {
            null => null,
            { State: ContactState.Merged, MergedIntoId: { } survivor } => new ContactLookup(null, survivor),
            _ => new ContactLookup(contact, null),
        };
    }

    /// <summary>
    /// The live contact <paramref name="id"/> is now: itself, or its survivor if it was merged away (merges point every
    /// tombstone straight at its survivor). Null when neither exists. For forms posted from a page opened before a merge.
    /// </summary>
    public async Task<Contact?> FindLiveAsync(string tenantId, long id, CancellationToken cancellationToken = default)
    {
        var lookup = await FindAsync(tenantId, id, cancellationToken);
        return lookup?.SurvivorId is { } survivor ? (await FindAsync(tenantId, survivor, cancellationToken))?.Live : lookup?.Live;
    }

    /// <summary>
    /// When contact <paramref name="mergedId"/> was merged away, if it now lives on as <paramref name="survivorId"/>
    /// (null otherwise, so a hand-made link cannot claim a merge that did not happen).
    /// </summary>
    public Task<DateTime?> MergedAwayAtAsync(string tenantId, long mergedId, long survivorId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).Contacts.AsNoTracking()
            .Where(c => c.Id == mergedId && c.State == ContactState.Merged && c.MergedIntoId == survivorId)
            .Select(c => (DateTime?)c.UpdatedAt)
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>The footprint (identifiers, links, conversions) plus telemetry and one page of the timeline.</summary>
    /// <param name="zone">The time zone whose days the timeline is grouped by; UTC when not given.</param>
    public async Task<ContactDetails> ReadAsync(Contact contact, DateTime? before = null, TimeZoneInfo? zone = null, CancellationToken cancellationToken = default)
    {
        var footprint = await footprints.ReadAsync(contact, cancellationToken);
        var activities = db.InTenant(contact.TenantId).Activities.AsNoTracking().Where(a => a.ContactId == contact.Id);
        var telemetry = footprint.ByType.FirstOrDefault(t => t.Type == ActivityTypes.Telemetry)?.Count ?? 0;
        // A chat sent over the API often names no stored conversation, only its thread id (a conversation_id the person
        // now holds): each distinct thread is one conversation, whether a record, an id, or both under the same value.
        var conversationRecords = await db.ContactLinks.AsNoTracking()
            .Where(l => l.ContactId == contact.Id && l.RecordKind == RecordKinds.Conversation)
            .Select(l => l.RecordId).ToListAsync(cancellationToken);
        var conversations = conversationRecords.Select(r => r.Trim())
            .Union(footprint.Identifiers.Where(i => i.Type == IdentifierTypes.ConversationId).Select(i => i.Value), StringComparer.Ordinal)
            .Count();
        // A form event sent over the API often names no stored submission: it is still one form submitted.
        var unlinkedForms = footprint.ByType.FirstOrDefault(t => t.Type == ActivityTypes.Form)?.Unlinked ?? 0;

        var page = activities;
        if (before is { } cursor)
        {
            page = page.Where(a => a.OccurredAt < cursor);
        }
        var rows = await page.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Take(TimelinePageSize + 1)
            .ToListAsync(cancellationToken);
        var timeline = rows.Take(TimelinePageSize)
            .GroupBy(a => DateOnly.FromDateTime(zone is null ? a.OccurredAt
                : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(a.OccurredAt, DateTimeKind.Utc), zone)))
            .Select(g => new TimelineDay(g.Key, g.ToList()))
            .ToList();

        var summary = new ContactSummary(
            Conversations: conversations,
            ConversationRecords: conversationRecords.Count,
            FormsSubmitted: footprint.LinkedRecords.GetValueOrDefault(RecordKinds.Form) + unlinkedForms,
            FormRecords: footprint.LinkedRecords.GetValueOrDefault(RecordKinds.Form),
            ConversionValues: footprint.ConversionValues.OrderByDescending(v => v.Total).ToList(),
            ConversionCount: footprint.Conversions,
            Telemetry: telemetry);
        // The merges on this page of the timeline that are recorded and not undone: their rows offer "Undo this merge".
        var mergeRows = rows.Where(a => a.Type == ActivityTypes.Merge).Select(a => a.Id).ToList();
        var undoable = mergeRows.Count == 0 ? [] : await db.MergeHistory.AsNoTracking()
            .Where(m => m.SurvivorId == contact.Id && m.State == Resolution.MergeUndoRules.Done && mergeRows.Contains(m.Id))
            .Select(m => m.Id).ToListAsync(cancellationToken);
        return new ContactDetails(contact, footprint.Identifiers, ContactProfile.ReadTraits(contact.TraitsJson), summary, timeline,
            HasOlderActivity: rows.Count > TimelinePageSize) { UndoableMerges = undoable.ToHashSet() };
    }
}

internal sealed record ContactLookup(Contact? Live, long? SurvivorId);

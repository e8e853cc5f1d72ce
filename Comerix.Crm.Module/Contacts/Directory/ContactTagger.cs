using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>Adding, removing and listing the tags the site's team puts on contacts.</summary>
/// <param name="events">Raises contact.updated ("tags") with the change; absent where nothing listens (benchmarks).</param>
internal sealed class ContactTagger(CrmDbContext db, TimeProvider time, Audit.AuditLog audit, Data.Sql.CrmEventTransaction? events = null)
{
    public const int MaxLength = 40;
    public const int MaxPerContact = 20;

    /// <summary>A tag as typed, tidied: trimmed, inner runs of spaces made one. Null and a reason when it cannot be a tag.</summary>
    public static string? Tidy(string? raw, out string? problem)
    {
        var label = string.Join(' ', (raw ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        problem = label.Length switch
        {
            0 => "Type the tag first.",
            > MaxLength => $"A tag holds at most {MaxLength} characters.",
            // Accents typed as a separate combining mark (some keyboards, pasted text) belong to their letter.
            _ => label.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '&' or '/' or '+' or '#'
                    || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
                ? null
                : "A tag is made of letters, digits, spaces and - _ . & / + #.",
        };
        return problem is null ? label : null;
    }

    public static string KeyOf(string label) => label.ToLowerInvariant();

    public Task<List<ContactTag>> ForContactAsync(string tenantId, long contactId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).ContactTags.AsNoTracking().Where(t => t.ContactId == contactId)
            .OrderBy(t => t.Key).ToListAsync(cancellationToken);

    /// <summary>Adds the tag; returns why not when it cannot (bad tag, already there, too many).</summary>
    public async Task<string?> AddAsync(string tenantId, long contactId, string? raw, string actor, CancellationToken cancellationToken = default)
    {
        if (Tidy(raw, out var problem) is not { } label)
        {
            return problem;
        }
        var key = KeyOf(label);
        var existing = await ForContactAsync(tenantId, contactId, cancellationToken);
        if (existing.Any(t => t.Key == key))
        {
            return $"This contact is already tagged \u201C{existing.First(t => t.Key == key).Label}\u201D.";
        }
        if (existing.Count >= MaxPerContact)
        {
            return $"A contact holds at most {MaxPerContact} tags. Remove one first.";
        }
        db.ContactTags.Add(new ContactTag
        {
            TenantId = tenantId, ContactId = contactId, Key = key, Label = label,
            CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = actor,
        });
        try
        {
            await SaveRaisingAsync(tenantId, contactId, async () => (await db.SaveChangesAsync(cancellationToken)) > 0, cancellationToken);
            // Who and on whom, never the tag itself: the audit log holds no values a team may have written about a person.
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.ContactTagged, new { contactId }, cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            // The primary key decided: the same tag was added a moment ago (another tab), or the contact is gone.
            db.ChangeTracker.Clear();
            return $"\u201C{label}\u201D could not be added: someone changed this contact at the same moment. Reload and try again.";
        }
    }

    /// <summary>True when a tag was removed.</summary>
    public async Task<bool> RemoveAsync(string tenantId, long contactId, string key, string actor, CancellationToken cancellationToken = default)
    {
        var removed = await SaveRaisingAsync(tenantId, contactId, async () =>
            await db.InTenant(tenantId).ContactTags.Where(t => t.ContactId == contactId && t.Key == key)
                .ExecuteDeleteAsync(cancellationToken) > 0, cancellationToken);
        if (removed)
        {
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.ContactUntagged, new { contactId }, cancellationToken);
        }
        return removed;
    }

    /// <summary>Runs a change of the contact's tags; when it changed something, contact.updated ("tags") commits with it.</summary>
    private Task<bool> SaveRaisingAsync(string tenantId, long contactId, Func<Task<bool>> change, CancellationToken cancellationToken) =>
        events is null ? change() : events.RunAsync(db, tenantId, async () =>
        {
            var changed = await change();
            return (changed, changed ? [new Notifications.ContactUpdated(tenantId, contactId, ["tags"])] : (IReadOnlyList<Notifications.CrmNotification>)[]);
        }, cancellationToken);

    /// <summary>The tags of a page of contacts (the read API's list), in key order, in one query.</summary>
    public Task<Dictionary<long, List<string>>> LabelsOfAsync(string tenantId, IReadOnlyList<long> contactIds, CancellationToken cancellationToken = default) =>
        LabelsAsync(db.InTenant(tenantId).ContactTags.Where(t => contactIds.Contains(t.ContactId)), cancellationToken);

    /// <summary>Each tagged contact's tags, in key order: the CSV export's column.</summary>
    public Task<Dictionary<long, List<string>>> LabelsByContactAsync(string tenantId, CancellationToken cancellationToken = default) =>
        LabelsAsync(db.InTenant(tenantId).ContactTags, cancellationToken);

    private static async Task<Dictionary<long, List<string>>> LabelsAsync(IQueryable<ContactTag> tags, CancellationToken cancellationToken)
    {
        var rows = await tags.AsNoTracking().OrderBy(t => t.ContactId).ThenBy(t => t.Key)
            .Select(t => new { t.ContactId, t.Label }).ToListAsync(cancellationToken);
        return rows.GroupBy(t => t.ContactId).ToDictionary(g => g.Key, g => g.Select(t => t.Label).ToList());
    }

    /// <summary>How each of these tag keys reads (its first spelling), for pages that hold only keys (saved views).</summary>
    public async Task<Dictionary<string, string>> LabelsOfKeysAsync(string tenantId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }
        return await db.InTenant(tenantId).ContactTags.AsNoTracking().Where(t => keys.Contains(t.Key))
            .GroupBy(t => t.Key).Select(g => new { g.Key, Label = g.Min(t => t.Label)! })
            .ToDictionaryAsync(g => g.Key, g => g.Label, cancellationToken);
    }

    /// <summary>The tenant's tags, most used first, with how many contacts carry each (the list's tag filter).</summary>
    public async Task<List<TagUse>> InUseAsync(string tenantId, int max = 50, CancellationToken cancellationToken = default)
    {
        var uses = await db.InTenant(tenantId).ContactTags.AsNoTracking()
            .GroupBy(t => t.Key)
            .Select(g => new { Key = g.Key, Label = g.Min(t => t.Label)!, Count = g.Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key).Take(max)
            .ToListAsync(cancellationToken);
        return uses.Select(u => new TagUse(u.Key, u.Label, u.Count)).ToList();
    }
}

internal sealed record TagUse(string Key, string Label, int Contacts);

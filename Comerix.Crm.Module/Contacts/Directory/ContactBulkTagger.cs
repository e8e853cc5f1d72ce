using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// One tag put on, or taken off, many contacts at once: the rows ticked on the Contacts list, or everyone its
/// filters match. The same rules as one contact at a time: a contact holding <see cref="ContactTagger.MaxPerContact"/>
/// tags is left out, a contact already tagged keeps its tag, merged-away contacts are skipped.
/// </summary>
/// <param name="events">Raises contact.updated ("tags") for each contact a chunk changed, in the chunk's transaction.</param>
/// <param name="progress">The bulk run this request reports each chunk to, if a page started one.</param>
internal sealed class ContactBulkTagger(
    CrmDbContext db, TimeProvider time, Audit.AuditLog audit, Data.Sql.CrmEventTransaction? events = null, Bulk.BulkRunProgress? progress = null)
{
    /// <summary>
    /// Contacts per statement. Each chunk commits on its own, so tagging a whole directory never holds the
    /// database's write lock long enough to stall ingestion; a failure part-way leaves finished chunks tagged and
    /// the same action can simply be repeated.
    /// </summary>
    private const int ChunkSize = 500;

    public async Task<BulkTagResult> AddAsync(
        string tenantId, IReadOnlyCollection<long> contactIds, string label, string actor, object? chosenBy, CancellationToken cancellationToken = default)
    {
        var key = ContactTagger.KeyOf(label);
        // A tag already in use keeps the spelling people first gave it: "vip" typed here joins "VIP".
        label = await db.InTenant(tenantId).ContactTags.AsNoTracking().Where(t => t.Key == key)
            .Select(t => t.Label).FirstOrDefaultAsync(cancellationToken) ?? label;
        var now = time.GetUtcNow().UtcDateTime;
        var (live, gone) = await LiveContacts.ResolveAsync(db.InTenant(tenantId), contactIds, cancellationToken);
        int alreadyTagged = 0, tagged = 0;
        foreach (var chunk in live.Chunk(ChunkSize))
        {
            alreadyTagged += await db.ContactTags.CountAsync(t => t.Key == key && chunk.Contains(t.ContactId), cancellationToken);
            // One statement decides who gets the tag, so the per-contact limit and "already tagged" hold even if
            // someone tags one of these contacts at the same moment.
            tagged += await ChangeRaisingAsync(tenantId, async () =>
            {
                var added = await db.TagLiveContactsAsync(tenantId, chunk, key, label, now, actor, ContactTagger.MaxPerContact, cancellationToken);
                // The rows this statement wrote: this tag, this moment, this actor.
                return (added, added == 0 ? [] : await db.ContactTags.AsNoTracking()
                    .Where(t => t.Key == key && t.CreatedAt == now && t.CreatedBy == actor && chunk.Contains(t.ContactId))
                    .Select(t => t.ContactId).ToListAsync(cancellationToken));
            }, cancellationToken);
            await ReportAsync(chunk.Length, cancellationToken);
        }
        var result = new BulkTagResult(label, tagged, alreadyTagged, Math.Max(0, live.Count - alreadyTagged - tagged), gone);
        // No chosenBy: the caller audits the whole of what it did itself (an import, one entry per slice).
        if (tagged > 0 && chosenBy is not null)
        {
            // How many and how chosen, never the tag: the audit log holds no words a team wrote about people.
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.ContactsBulkTagged, new { contacts = tagged, chosenBy }, cancellationToken);
        }
        return result;
    }

    /// <summary>Takes the tag off those of the contacts that carry it; returns how many did.</summary>
    public async Task<int> RemoveAsync(
        string tenantId, IReadOnlyCollection<long> contactIds, string key, string actor, object chosenBy, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var chunk in (await LiveContacts.ResolveAsync(db.InTenant(tenantId), contactIds, cancellationToken)).Live.Chunk(ChunkSize))
        {
            var tags = db.ContactTags.Where(t => t.Key == key && chunk.Contains(t.ContactId));
            removed += await ChangeRaisingAsync(tenantId, async () =>
            {
                var holders = await tags.Select(t => t.ContactId).ToListAsync(cancellationToken);
                return (await tags.ExecuteDeleteAsync(cancellationToken), holders);
            }, cancellationToken);
            await ReportAsync(chunk.Length, cancellationToken);
        }
        if (removed > 0)
        {
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.ContactsBulkUntagged, new { contacts = removed, chosenBy }, cancellationToken);
        }
        return removed;
    }

    private Task ReportAsync(int contacts, CancellationToken cancellationToken) =>
        progress?.SliceDoneAsync(contacts, cancellationToken) ?? Task.CompletedTask;

    /// <summary>Runs one chunk's change; contact.updated ("tags") for each contact it changed commits with it.</summary>
    private async Task<int> ChangeRaisingAsync(string tenantId, Func<Task<(int Count, List<long> Changed)>> change, CancellationToken cancellationToken)
    {
        if (events is null)
        {
            return (await change()).Count;
        }
        return await events.RunAsync(db, tenantId, async () =>
        {
            var (count, changed) = await change();
            return (count, changed.Select(id => (Notifications.CrmNotification)new Notifications.ContactUpdated(tenantId, id, ["tags"])).ToList());
        }, cancellationToken);
    }
}

/// <param name="Label">The tag as it now reads (an existing tag's spelling wins over what was typed).</param>
/// <param name="Tagged">Contacts that gained the tag.</param>
/// <param name="AlreadyTagged">Contacts that carried it before.</param>
/// <param name="Full">Contacts left out because they hold the most tags a contact may.</param>
/// <param name="Gone">Chosen contacts that no longer exist (erased meanwhile).</param>
internal sealed record BulkTagResult(string Label, int Tagged, int AlreadyTagged, int Full, int Gone);

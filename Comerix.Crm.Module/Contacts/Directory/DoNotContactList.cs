using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Identity.Admin;
using Comerix.Crm.Text;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>Marking a contact "do not contact" and lifting it; what other modules ask before they send anything.</summary>
internal sealed class DoNotContactList(
    CrmDbContext db, TimeProvider time, ContactEditor editor, Audit.AuditLog audit, AdminTransactions transactions, Data.Sql.CrmEventTransaction? events = null,
    Bulk.BulkRunProgress? progress = null)
{
    public const int MaxWhyLength = 1_000;

    public Task<DoNotContact?> ForContactAsync(string tenantId, long contactId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).DoNotContact.AsNoTracking().FirstOrDefaultAsync(d => d.ContactId == contactId, cancellationToken);

    /// <summary>Marks the contact; returns why not when it cannot. The timeline says who marked them and why.</summary>
    public async Task<string?> MarkAsync(string tenantId, long contactId, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        if (DoNotContactReasons.Canonical(reason) is not { } code)
        {
            return "Choose why this person must not be contacted.";
        }
        if (await ForContactAsync(tenantId, contactId, cancellationToken) is { } existing)
        {
            return $"This contact is marked do not contact already: {DoNotContactReasons.Label(existing.Reason)}.";
        }
        db.DoNotContact.Add(new DoNotContact { TenantId = tenantId, ContactId = contactId, Reason = code, CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = actor });
        try
        {
            if (events is null)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                await events.RunAsync(db, tenantId, async () =>
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return (true, (IReadOnlyList<Notifications.CrmNotification>)[new Notifications.DoNotContactSet(tenantId, contactId, code)]);
                }, cancellationToken);
            }
        }
        catch (DbUpdateException)
        {
            // The primary key decided: someone marked them a moment ago, or the contact is gone.
            db.ChangeTracker.Clear();
            return "Someone changed this contact at the same moment. Reload and try again.";
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.DoNotContactSet, new { contactId, reason = code }, cancellationToken);
        // On the timeline for the team; the audit entry above already says who did it, so the note is not audited again.
        await editor.AddNoteAsync(tenantId, contactId, $"Marked do not contact: {DoNotContactReasons.Label(code)}.", actor, audited: false, cancellationToken);
        return null;
    }

    /// <summary>
    /// Marks many contacts at once (an imported unsubscribe list): those already marked keep their reason, contacts no
    /// longer live are skipped. No timeline note per person; one audit entry says how many and where from. Plain SQL,
    /// so nothing the caller's context is tracking (an import's progress) is saved or dropped along the way.
    /// </summary>
    public async Task<int> MarkManyAsync(
        string tenantId, IReadOnlyCollection<(long ContactId, string Reason)> marks, string actor, object chosenBy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var reason in marks.DistinctBy(m => m.ContactId).GroupBy(m => m.Reason))
        {
            foreach (var chunk in reason.Select(m => m.ContactId).Chunk(500))
            {
                added += await MarkRaisingAsync(tenantId, reason.Key, now, actor, chunk, () => db.MarkLiveContactsDoNotContactAsync(tenantId, chunk, reason.Key, now, actor, cancellationToken), cancellationToken);
                if (progress is not null)
                {
                    await progress.SliceDoneAsync(chunk.Length, cancellationToken);
                }
            }
        }
        if (added > 0)
        {
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.DoNotContactSet, new { contacts = added, chosenBy }, cancellationToken);
        }
        return added;
    }

    /// <summary>Runs one chunk's marks; contact.do_not_contact.set for each contact it marked commits with it.</summary>
    private Task<int> MarkRaisingAsync(string tenantId, string reason, DateTime at, string actor, long[] chunk, Func<Task<int>> mark,
        CancellationToken cancellationToken) =>
        events is null ? mark() : events.RunAsync(db, tenantId, async () =>
        {
            var added = await mark();
            // The rows this statement wrote: this moment, this actor, this reason.
            var marked = added == 0 ? [] : await db.InTenant(tenantId).DoNotContact.AsNoTracking()
                .Where(d => d.CreatedAt == at && d.CreatedBy == actor && d.Reason == reason && chunk.Contains(d.ContactId))
                .Select(d => d.ContactId).ToListAsync(cancellationToken);
            return (added, marked.Select(id => (Notifications.CrmNotification)new Notifications.DoNotContactSet(tenantId, id, reason)).ToList());
        }, cancellationToken);

    /// <summary>
    /// Lifts the mark. Needs a reason in words, which goes on the timeline (with the person, erased with them) rather
    /// than in the audit log: lifting a "stop" is the step someone may later have to explain.
    /// </summary>
    public async Task<string?> AllowAsync(string tenantId, long contactId, string? why, string actor, CancellationToken cancellationToken = default)
    {
        var text = why?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "Say why this person may be contacted again: it goes on their timeline.";
        }
        if (text.Length > MaxWhyLength)
        {
            return $"The reason holds at most {MaxWhyLength:N0} characters.";
        }
        if (StorableText.Problem(text) is { } problem)
        {
            return $"The reason {problem}; write it again without it.";
        }
        // The mark goes, the audit entry and the timeline note come, in one transaction: a lift never happens
        // without the words that explain it. The note is validated before anything is written.
        var lifted = await transactions.ChangeWithEventAsync(tenantId, async uow =>
        {
            if (!await uow.LiftDoNotContactAsync(contactId))
            {
                return false;
            }
            await uow.Audit.AppendAsync(actor, Audit.AuditActions.DoNotContactLifted, JsonSerializer.Serialize(new { contactId }));
            return true;
        }, editor.NoteEvent(contactId, $"Contact allowed again: {text}", actor), cancellationToken);
        if (!lifted)
        {
            return "This contact is not marked do not contact.";
        }
        return null;
    }
}

using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>Marking a contact "do not contact" and lifting it; what other modules ask before they send anything.</summary>
public sealed class DoNotContactList(CrmDbContext db, TimeProvider time, ContactEditor editor, Audit.AuditLog audit)
{
    public const int MaxWhyLength = 1_000;

    public Task<DoNotContact?> ForContactAsync(string tenantId, long contactId, CancellationToken cancellationToken = default) =>
        db.DoNotContact.AsNoTracking().FirstOrDefaultAsync(d => d.TenantId == tenantId && d.ContactId == contactId, cancellationToken);

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
            await db.SaveChangesAsync(cancellationToken);
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
        if (await db.DoNotContact.Where(d => d.TenantId == tenantId && d.ContactId == contactId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return "This contact is not marked do not contact.";
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.DoNotContactLifted, new { contactId }, cancellationToken);
        await editor.AddNoteAsync(tenantId, contactId, $"Contact allowed again: {text}", actor, audited: false, cancellationToken);
        return null;
    }
}

using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Notifications;

namespace Comerix.Crm.Contacts.Work;

/// <summary>
/// Sets a contact's stage or owner, one contact or many: each contact whose value changes gets a timeline row (who,
/// from, to) and a contact.updated notification in the same transaction. Many contacts go in slices of
/// <see cref="SliceSize"/>, each its own transaction, so a change to a whole directory never holds ingestion up; a
/// failure part-way leaves finished slices changed and the same action can simply be repeated. The caller writes one
/// audit entry for the whole action.
/// </summary>
/// <param name="progress">The bulk run this request reports each slice to, if a page started one.</param>
internal sealed class ContactWorkChanges(CrmDbContext db, CrmEventTransaction events, TimeProvider time, Bulk.BulkRunProgress? progress = null)
{
    public const int SliceSize = 500;

    /// <param name="describe">The timeline row's payload for a contact, from its value before.</param>
    public async Task<WorkChangeResult> SetAsync(string tenantId, IReadOnlyCollection<long> contactIds, ContactWorkColumn column, string? value,
        Func<string?, object> describe, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        var (live, gone) = await LiveContacts.ResolveAsync(db, contactIds, cancellationToken);
        var changed = 0;
        foreach (var slice in live.Chunk(SliceSize))
        {
            changed += await events.RunNumberingAsync(db, tenantId, async ids =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                var changes = await db.SetOnLiveContactsAsync(tenantId, slice, column, value, now, cancellationToken);
                ids.Reserve(IdSequence.Activity, changes.Count);
                var type = TypeOf(column);
                var rows = new List<TeamChangeRow>(changes.Count);
                foreach (var change in changes)
                {
                    rows.Add(new TeamChangeRow(await ids.NextAsync(IdSequence.Activity), $"{type}:{Guid.CreateVersion7():N}", change.ContactId, type, now,
                        JsonSerializer.Serialize(describe(change.Before))));
                }
                await db.InsertTeamChangeRowsAsync(tenantId, rows, cancellationToken);
                var what = column == ContactWorkColumn.Stage ? "stage" : "owner";
                return (changes.Count, changes.Select(c => (CrmNotification)new ContactUpdated(tenantId, c.ContactId, [what])).ToList());
            }, cancellationToken);
            if (progress is not null)
            {
                await progress.SliceDoneAsync(slice.Length, cancellationToken);
            }
        }
        return new WorkChangeResult(changed, live.Count - changed, gone);
    }

    private static string TypeOf(ContactWorkColumn column) =>
        column == ContactWorkColumn.Stage ? ActivityTypes.StageChange : ActivityTypes.OwnerChange;
}

/// <param name="Changed">Contacts whose value changed (each has a timeline row).</param>
/// <param name="Unchanged">Live contacts that held the value already.</param>
/// <param name="Gone">Chosen contacts that no longer exist (erased meanwhile).</param>
internal sealed record WorkChangeResult(int Changed, int Unchanged, int Gone);

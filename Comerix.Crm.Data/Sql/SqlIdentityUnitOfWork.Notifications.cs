using Comerix.Crm.Notifications;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// What the unit of work raises: creations, merges, lifts, reviews and erasures as they happen; profile changes and
/// "became identified" worked out at commit by comparing each changed contact with the row it was read as. Written
/// to the outbox inside the transaction, handed to in-process handlers after it commits (see <see cref="CrmEventOutbox"/>).
/// </summary>
internal sealed partial class SqlIdentityUnitOfWork
{
    private readonly List<CrmNotification> _raised = [];
    private readonly HashSet<long> _created = [];

    public void Raise(CrmNotification notification) => _raised.Add(notification);

    private void RaiseCreated(long contactId)
    {
        _created.Add(contactId);
        Raise(new ContactCreated(TenantId, contactId));
    }

    private void RaiseMerged(long loserId, long survivorId) => Raise(new ContactMerged(TenantId, survivorId, [loserId]));

    /// <summary>An erased contact's earlier notifications in this unit of work would name them after they are gone.</summary>
    private void ForgetRaised(long contactId) =>
        _raised.RemoveAll(n => n.OrderKey == contactId || n.OtherContactId == contactId);

    private async ValueTask<CrmEventOutbox.Written> WriteNotificationsAsync()
    {
        if (_outbox is null)
        {
            return CrmEventOutbox.Written.None;
        }
        var raised = CoalesceMerges(_raised);
        foreach (var id in _changed.Order())
        {
            if (_created.Contains(id) || !_contacts.TryGetValue(id, out var contact) || !_storedRows.TryGetValue(id, out var stored))
            {
                continue;
            }
            var now = StoredProfile.Of(contact);
            var changed = new List<string>(2);
            if (now with { TraitsJson = null, FirstSeen = default, Source = "" } != stored.Profile with { TraitsJson = null, FirstSeen = default, Source = "" })
            {
                changed.Add("profile");
            }
            if (now.TraitsJson != stored.Profile.TraitsJson)
            {
                changed.Add("traits");
            }
            if (changed.Count > 0)
            {
                raised.Add(new ContactUpdated(TenantId, id, changed));
            }
            if (now.IsIdentified && !stored.Profile.IsIdentified)
            {
                raised.Add(new ContactIdentified(TenantId, id));
            }
        }
        return await _outbox.WriteAsync(_session, _dialect, _ids, TenantId, raised);
    }

    /// <summary>Merges into the same final survivor (one event tying three contacts, or a chain) are one notification listing every merged id.</summary>
    private List<CrmNotification> CoalesceMerges(List<CrmNotification> raised)
    {
        var result = new List<CrmNotification>(raised.Count);
        var bySurvivor = new Dictionary<long, int>();
        foreach (var notification in raised)
        {
            if (notification is not ContactMerged merged)
            {
                result.Add(notification);
                continue;
            }
            var survivor = Forward(merged.SurvivorId);
            if (bySurvivor.TryGetValue(survivor, out var at))
            {
                var earlier = (ContactMerged)result[at];
                result[at] = earlier with { MergedIds = [.. earlier.MergedIds, .. merged.MergedIds] };
            }
            else
            {
                bySurvivor[survivor] = result.Count;
                result.Add(merged with { SurvivorId = survivor });
            }
        }
        return result;
    }
}

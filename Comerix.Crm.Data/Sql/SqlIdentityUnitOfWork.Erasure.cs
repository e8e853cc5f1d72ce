using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>Delete &amp; forget: the rows go now, inside the unit of work's transaction.</summary>
internal sealed partial class SqlIdentityUnitOfWork
{
    public async ValueTask<ErasedRows> EraseContactAsync(long contactId)
    {
        // Locks the contact, so a concurrent event either lands before (and is erased) or resolves afresh after.
        await FlushNewContactsAsync();
        var contact = await LoadLiveContactAsync(contactId);
        _activityCounts.ContactGone(contact.CreatedAt);
        var stored = _storedRows[contact.Id].Profile;
        _contactCounts.Removed(stored.IsIdentified, stored.Source);
        await using (var erased = await _session.ReaderAsync(
            "SELECT received_at, type FROM crm_activities WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, contactId))
        {
            while (await erased.ReadAsync())
            {
                _activityCounts.ActivityErased(erased.GetDateTime(0), erased.GetString(1));
            }
        }
        var reviews = await _session.ExecuteAsync(
            "DELETE FROM crm_merge_reviews WHERE tenant_id = @p0 AND (contact_low_id IN (" + ContactAndTombstones + ") " +
            "OR contact_high_id IN (" + ContactAndTombstones + "))", TenantId, contactId);
        var identifiers = await _session.ExecuteAsync(
            "DELETE FROM crm_identifiers WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, contactId);
        var activities = await _session.ExecuteAsync(
            "DELETE FROM crm_activities WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, contactId);
        var links = await _session.ExecuteAsync(
            "DELETE FROM crm_contact_links WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, contactId);
        // The tombstones' too: a tag written while its contact was being merged away would otherwise hold the tombstone.
        await _session.ExecuteAsync(
            "DELETE FROM crm_contact_tags WHERE tenant_id = @p0 AND contact_id IN (" + ContactAndTombstones + ")", TenantId, contactId);
        await _session.ExecuteAsync(
            "DELETE FROM crm_contact_field_values WHERE tenant_id = @p0 AND contact_id IN (" + ContactAndTombstones + ")", TenantId, contactId);
        await _session.ExecuteAsync(
            "DELETE FROM crm_do_not_contact WHERE tenant_id = @p0 AND contact_id IN (" + ContactAndTombstones + ")", TenantId, contactId);
        // Deliveries that name the person (sent or not) go with them; the erasure's own event, written at commit, names only the id.
        await _session.ExecuteAsync(
            "DELETE FROM crm_webhook_deliveries WHERE tenant_id = @p0 AND (contact_id IN (" + ContactAndTombstones + ") " +
            "OR other_contact_id IN (" + ContactAndTombstones + "))", TenantId, contactId);
        await _session.ExecuteAsync(
            "DELETE FROM crm_duplicate_suggestions WHERE tenant_id = @p0 AND (contact_low_id IN (" + ContactAndTombstones + ") " +
            "OR contact_high_id IN (" + ContactAndTombstones + "))", TenantId, contactId);
        // A merge's record holds both sides' identifiers: it goes, and the merge says the person was erased.
        await _session.ExecuteAsync(
            "DELETE FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id IN (SELECT id FROM crm_merge_history WHERE tenant_id = @p0 " +
            "AND (survivor_id IN (" + ContactAndTombstones + ") OR merged_id IN (" + ContactAndTombstones + ")))", TenantId, contactId);
        await _session.ExecuteAsync(
            "UPDATE crm_merge_history SET state = @p2, survivor_before_json = NULL, survivor_stage_before = NULL, survivor_owner_before = NULL " +
            "WHERE tenant_id = @p0 AND (survivor_id IN (" + ContactAndTombstones + ") OR merged_id IN (" + ContactAndTombstones + "))",
            TenantId, contactId, MergeUndoRules.Erased);
        ForgetRaised(contactId);
        var mergedAway = await _session.ExecuteAsync(
            "DELETE FROM crm_contacts WHERE tenant_id = @p0 AND merged_into_id = @p1", TenantId, contactId);
        await _session.ExecuteAsync("DELETE FROM crm_contacts WHERE tenant_id = @p0 AND id = @p1", TenantId, contactId);
        _contacts.Remove(contactId);
        _changed.Remove(contactId);
        _counts.Remove(contactId);
        Raise(new Notifications.ContactErased(TenantId, contactId));
        return new ErasedRows(identifiers, activities, links, mergedAway, reviews);
    }

    private const string ContactAndTombstones =
        "SELECT id FROM crm_contacts WHERE tenant_id = @p0 AND (id = @p1 OR merged_into_id = @p1)";
}

using System.Globalization;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>Undoing a merge from its record (<see cref="MergeHistoryStatements"/>), inside the unit of work's transaction.</summary>
internal sealed partial class SqlIdentityUnitOfWork
{
    public async ValueTask<MergeHistoryFacts?> ReadMergeAsync(long mergeId)
    {
        long survivorId, mergedId;
        string kind, actor, state;
        DateTime mergedAt;
        DateTime? undoneAt;
        string? undoneBy;
        await using (var reader = await _session.ReaderAsync(
            "SELECT survivor_id, merged_id, kind, actor, merged_at, state, undone_at, undone_by FROM crm_merge_history WHERE tenant_id = @p0 AND id = @p1",
            TenantId, mergeId))
        {
            if (!await reader.ReadAsync())
            {
                return null;
            }
            (survivorId, mergedId, kind, actor, mergedAt, state) =
                (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), Utc(reader.GetDateTime(4)), reader.GetString(5));
            undoneAt = reader.IsDBNull(6) ? null : Utc(reader.GetDateTime(6));
            undoneBy = reader.IsDBNull(7) ? null : reader.GetString(7);
        }
        var survivorNow = await ResolveLiveContactIdAsync(survivorId);
        bool loserHere;
        await using (var reader = await _session.ReaderAsync(
            "SELECT COUNT(*) FROM crm_contacts WHERE tenant_id = @p0 AND id = @p1 AND state = @p2 AND merged_into_id = @p3",
            TenantId, mergedId, ContactState.Merged.ToCode(), survivorId))
        {
            loserHere = await reader.ReadAsync() && reader.GetInt64(0) == 1;
        }
        (long, long, DateTime)? later = null;
        await using (var reader = await _session.ReaderAsync(
            "SELECT id, merged_id, merged_at FROM crm_merge_history WHERE tenant_id = @p0 AND survivor_id = @p1 AND state = @p2 " +
            "AND (merged_at > @p3 OR (merged_at = @p3 AND id > @p4)) ORDER BY merged_at, id LIMIT 1",
            TenantId, survivorId, MergeUndoRules.Done, mergedAt, mergeId))
        {
            if (await reader.ReadAsync())
            {
                later = (reader.GetInt64(0), reader.GetInt64(1), Utc(reader.GetDateTime(2)));
            }
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var reader = await _session.ReaderAsync(
            "SELECT kind, COUNT(*) FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p1 GROUP BY kind", TenantId, mergeId))
        {
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = (int)reader.GetInt64(1);
            }
        }
        return new MergeHistoryFacts(mergeId, survivorId, mergedId, kind, actor, mergedAt, state, undoneAt, undoneBy, survivorNow, loserHere, later,
            new MergeHistoryCounts(counts.GetValueOrDefault(LoserIdentifier), counts.GetValueOrDefault(MovedActivity),
                counts.GetValueOrDefault(MovedLink), counts.GetValueOrDefault(LoserTag), counts.GetValueOrDefault(LoserField)));
    }

    public async ValueTask<UnmergeResult> UndoMergeAsync(MergeHistoryFacts merge, string actor, Func<string, int> priorityOf)
    {
        var now = Now();
        var (mergeId, survivorId, loserId) = (merge.MergeId, merge.SurvivorId, merge.MergedId);
        var survivor = await LoadLiveContactAsync(survivorId);
        var (before, stageBefore, ownerBefore) = await ReadSurvivorBeforeAsync(mergeId);
        var loserIdentifiers = await ReadHistoryIdentifiersAsync(mergeId, LoserIdentifier);
        var survivorIdentifiers = await ReadHistoryIdentifiersAsync(mergeId, SurvivorIdentifier);
        var onSurvivor = await ReadIdentifiersAsync(survivorId);
        var later = await ReadLaterEventsAsync(mergeId, survivorId, merge.MergedAt);
        var plan = UnmergePlan.Decide(loserIdentifiers, survivorIdentifiers, onSurvivor.Select(i => i.Key).ToList(),
            later.Select(e => new UnmergePlan.LaterEvent(e.Id, e.ClaimKeys)), priorityOf);

        // The loser is live again (identifiers may only point at a live contact), and so are the ids merged into it before.
        var revived = await _session.ExecuteAsync(
            "UPDATE crm_contacts SET state = @p2, merged_into_id = NULL, updated_at = @p4 WHERE tenant_id = @p0 AND id = @p1 AND state = @p3 AND merged_into_id = @p5",
            TenantId, loserId, ContactState.Live.ToCode(), ContactState.Merged.ToCode(), now, survivorId);
        if (revived != 1)
        {
            throw new ConcurrentChangeException($"contact {loserId} is no longer merged into {survivorId}");
        }
        var statements = new List<(string Sql, object?[] Args)>();
        object?[] ids = [TenantId, loserId, survivorId, mergeId];
        string Recorded(string kind, string column) =>
            $"SELECT {column} FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p3 AND kind = '{kind}'";
        statements.Add(($"UPDATE crm_contacts SET merged_into_id = @p1 WHERE tenant_id = @p0 AND merged_into_id = @p2 AND id IN ({Recorded(Tombstone, "ref_id")})", ids));
        foreach (var identifier in plan.IdentifiersToLoser)
        {
            statements.Add(("UPDATE crm_identifiers SET contact_id = @p1 WHERE tenant_id = @p0 AND contact_id = @p2 AND type = @p3 AND value = @p4",
                [TenantId, loserId, survivorId, identifier.Type, identifier.Value]));
        }
        statements.Add(($"UPDATE crm_activities SET contact_id = @p1 WHERE tenant_id = @p0 AND contact_id = @p2 AND id IN ({Recorded(MovedActivity, "ref_id")})", ids));
        foreach (var chunk in plan.EventsToLoser.Chunk(500))
        {
            var args = new List<object?> { TenantId, loserId, survivorId };
            var list = string.Join(", ", chunk.Select(id => { args.Add(id); return "@p" + (args.Count - 1).ToString(CultureInfo.InvariantCulture); }));
            statements.Add(($"UPDATE crm_activities SET contact_id = @p1 WHERE tenant_id = @p0 AND contact_id = @p2 AND id IN ({list})", [.. args]));
        }
        statements.Add(("UPDATE crm_contact_links SET contact_id = @p1 WHERE tenant_id = @p0 AND contact_id = @p2 AND EXISTS (SELECT 1 FROM crm_merge_history_rows h " +
            $"WHERE h.tenant_id = @p0 AND h.merge_id = @p3 AND h.kind = '{MovedLink}' AND h.ref_key = crm_contact_links.record_kind AND h.ref_value = crm_contact_links.record_id)", ids));
        // A record a later event brought goes with its events, if none of them stayed with the survivor.
        foreach (var (kind, recordId) in later.Where(e => e.Record is not null && plan.EventsToLoser.Contains(e.Id)).Select(e => e.Record!.Value).Distinct())
        {
            statements.Add(("UPDATE crm_contact_links SET contact_id = @p1 WHERE tenant_id = @p0 AND contact_id = @p2 AND record_kind = @p3 AND record_id = @p4 " +
                "AND NOT EXISTS (SELECT 1 FROM crm_activities a WHERE a.tenant_id = @p0 AND a.contact_id = @p2 AND a.record_kind = @p3 AND a.record_id = @p4)",
                [TenantId, loserId, survivorId, kind, recordId]));
        }
        // Tags, field values and the mark: the loser's own come back; what the merge gave the survivor (and nobody changed since) goes.
        statements.AddRange(
        [
            ("INSERT INTO crm_contact_tags (tenant_id, contact_id, key, label, created_at, created_by) " +
                $"SELECT tenant_id, @p1, ref_key, ref_value, ref_at, ref_by FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p3 AND kind = '{LoserTag}' " +
                "ON CONFLICT DO NOTHING", ids),
            ("DELETE FROM crm_contact_tags WHERE tenant_id = @p0 AND contact_id = @p2 AND key IN " +
                $"(SELECT ref_key FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p3 AND kind = '{LoserTag}' AND added_to_survivor)", ids),
            ("INSERT INTO crm_contact_field_values (tenant_id, contact_id, field_key, value, updated_at, updated_by) " +
                $"SELECT tenant_id, @p1, ref_key, ref_value, ref_at, ref_by FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p3 AND kind = '{LoserField}' " +
                "ON CONFLICT DO NOTHING", ids),
            ("DELETE FROM crm_contact_field_values WHERE tenant_id = @p0 AND contact_id = @p2 AND EXISTS (SELECT 1 FROM crm_merge_history_rows h " +
                $"WHERE h.tenant_id = @p0 AND h.merge_id = @p3 AND h.kind = '{LoserField}' AND h.added_to_survivor " +
                "AND h.ref_key = crm_contact_field_values.field_key AND h.ref_value = crm_contact_field_values.value)", ids),
            ("INSERT INTO crm_do_not_contact (tenant_id, contact_id, reason, created_at, created_by) " +
                $"SELECT tenant_id, @p1, ref_value, ref_at, ref_by FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p3 AND kind = '{LoserDoNotContact}' " +
                "ON CONFLICT DO NOTHING", ids),
            ("DELETE FROM crm_do_not_contact WHERE tenant_id = @p0 AND contact_id = @p2 AND EXISTS (SELECT 1 FROM crm_merge_history_rows h " +
                $"WHERE h.tenant_id = @p0 AND h.merge_id = @p3 AND h.kind = '{LoserDoNotContact}' AND h.added_to_survivor " +
                "AND h.ref_value = crm_do_not_contact.reason AND h.ref_at = crm_do_not_contact.created_at)", ids),
            // Stage and owner the survivor had only from the loser (none of its own before, the loser's now) go back to none.
            ("UPDATE crm_contacts SET stage = NULL WHERE tenant_id = @p0 AND id = @p2 AND @p4 = 1 AND stage = (SELECT l.stage FROM crm_contacts l WHERE l.tenant_id = @p0 AND l.id = @p1)",
                [TenantId, loserId, survivorId, mergeId, stageBefore is null ? 1 : 0]),
            ("UPDATE crm_contacts SET owner_name = NULL WHERE tenant_id = @p0 AND id = @p2 AND @p4 = 1 AND owner_name = (SELECT l.owner_name FROM crm_contacts l WHERE l.tenant_id = @p0 AND l.id = @p1)",
                [TenantId, loserId, survivorId, mergeId, ownerBefore is null ? 1 : 0]),
        ]);
        await _session.ExecuteBatchAsync(statements);

        // The restored contact counts again as it was; what the undo changes on either is counted at commit, as any change.
        var restored = await LoadLiveContactAsync(loserId);
        var restoredRow = _storedRows[loserId].Profile;
        _activityCounts.ContactCreated(restored.CreatedAt);
        _contactCounts.Added(restoredRow.IsIdentified, restoredRow.Source);
        var toLoser = plan.EventsToLoser.ToHashSet();
        static bool Seen(LaterEvent e) => e.Type != ActivityTypes.Note && e.Type != ActivityTypes.Merge && !ActivityTypes.IsTeamChange(e.Type);
        UnmergeProfiles.Restore(survivor, restored, before,
            later.Where(e => !toLoser.Contains(e.Id) && Seen(e)).Select(e => e.OccurredAt).ToList(),
            later.Where(e => toLoser.Contains(e.Id) && Seen(e)).Select(e => e.OccurredAt).ToList(),
            ShownIdentifiers(await ReadIdentifiersAsync(survivorId)), ShownIdentifiers(await ReadIdentifiersAsync(loserId)), now);
        MarkChanged(survivor);
        MarkChanged(restored);

        // Not the same person, for good: the engine queues a tie between them for review instead of merging again.
        await _session.ExecuteAsync(
            "INSERT INTO crm_merge_reviews (tenant_id, id, contact_low_id, contact_high_id, primary_contact_id, reason_code, reason, evidence_event_id, " +
            "status, created_at, decided_at, decided_by) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p9, @p10) " +
            "ON CONFLICT (tenant_id, contact_low_id, contact_high_id) DO UPDATE SET status = @p8, decided_at = @p9, decided_by = @p10",
            TenantId, await _ids.NextAsync(IdSequence.Review), Math.Min(loserId, survivorId), Math.Max(loserId, survivorId), survivorId,
            MergeReasonCodes.NotSamePerson, "A merge of these two was undone: they are not the same person.", "merge:" + mergeId.ToString(CultureInfo.InvariantCulture),
            MergeReviewStatus.Rejected.ToCode(), now, actor);
        _anyRejected = true;
        // The record of what moved has done its work: only who undid what, and when, is kept.
        await _session.ExecuteBatchAsync(
        [
            ("DELETE FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p1", [TenantId, mergeId]),
            ("UPDATE crm_merge_history SET state = @p2, undone_at = @p3, undone_by = @p4, survivor_before_json = NULL WHERE tenant_id = @p0 AND id = @p1",
                [TenantId, mergeId, MergeUndoRules.Undone, now, actor]),
        ]);
        Raise(new Notifications.ContactUnmerged(TenantId, survivorId, loserId));
        var laterToLoser = plan.EventsToLoser.Count;
        return new UnmergeResult(survivorId, loserId, plan.IdentifiersToLoser.Count, merge.Counts.Activities + laterToLoser, laterToLoser, plan.Unplaced);
    }

    private sealed record LaterEvent(long Id, string Type, DateTime OccurredAt, string? ClaimKeys, (string Kind, string Id)? Record);

    /// <summary>What reached the survivor since the merge (not what the loser brought), in the order it arrived.</summary>
    private async ValueTask<List<LaterEvent>> ReadLaterEventsAsync(long mergeId, long survivorId, DateTime mergedAt)
    {
        var events = new List<LaterEvent>();
        await using var reader = await _session.ReaderAsync(
            "SELECT id, type, occurred_at, claim_keys, record_kind, record_id FROM crm_activities a WHERE tenant_id = @p0 AND contact_id = @p1 AND received_at >= @p2 " +
            $"AND NOT EXISTS (SELECT 1 FROM crm_merge_history_rows h WHERE h.tenant_id = @p0 AND h.merge_id = @p3 AND h.kind = '{MovedActivity}' AND h.ref_id = a.id) " +
            "ORDER BY received_at, id",
            TenantId, survivorId, mergedAt, mergeId);
        while (await reader.ReadAsync())
        {
            events.Add(new LaterEvent(reader.GetInt64(0), reader.GetString(1), Utc(reader.GetDateTime(2)), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) || reader.IsDBNull(5) ? null : (reader.GetString(4), reader.GetString(5))));
        }
        return events;
    }

    private async ValueTask<(SurvivorBefore? Before, string? Stage, string? Owner)> ReadSurvivorBeforeAsync(long mergeId)
    {
        await using var reader = await _session.ReaderAsync(
            "SELECT survivor_before_json, survivor_stage_before, survivor_owner_before FROM crm_merge_history WHERE tenant_id = @p0 AND id = @p1",
            TenantId, mergeId);
        return await reader.ReadAsync()
            ? (SurvivorBefore.FromJson(reader.IsDBNull(0) ? null : reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2))
            : (null, null, null);
    }

    private async ValueTask<List<UnmergePlan.Identifier>> ReadHistoryIdentifiersAsync(long mergeId, string kind)
    {
        var identifiers = new List<UnmergePlan.Identifier>();
        await using var reader = await _session.ReaderAsync(
            "SELECT ref_key, ref_value FROM crm_merge_history_rows WHERE tenant_id = @p0 AND merge_id = @p1 AND kind = @p2", TenantId, mergeId, kind);
        while (await reader.ReadAsync())
        {
            identifiers.Add(new UnmergePlan.Identifier(reader.GetString(0), reader.GetString(1)));
        }
        return identifiers;
    }

    private sealed record HeldIdentifier(UnmergePlan.Identifier Key, string DisplayValue);

    /// <summary>The contact's identifiers, first seen first.</summary>
    private async ValueTask<List<HeldIdentifier>> ReadIdentifiersAsync(long contactId)
    {
        var identifiers = new List<HeldIdentifier>();
        await using var reader = await _session.ReaderAsync(
            "SELECT type, value, display_value FROM crm_identifiers WHERE tenant_id = @p0 AND contact_id = @p1 ORDER BY first_seen, type, value",
            TenantId, contactId);
        while (await reader.ReadAsync())
        {
            identifiers.Add(new HeldIdentifier(new UnmergePlan.Identifier(reader.GetString(0), reader.GetString(1)), reader.GetString(2)));
        }
        return identifiers;
    }

    private static UnmergeProfiles.Identifiers ShownIdentifiers(List<HeldIdentifier> held) => new(
        held.Where(i => i.Key.Type == IdentifierTypes.Email).Select(i => i.DisplayValue).ToList(),
        held.Where(i => i.Key.Type == IdentifierTypes.Phone).Select(i => i.DisplayValue).ToList());
}

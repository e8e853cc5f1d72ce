using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// A merge's record (<c>crm_merge_history</c> and its rows): written by statements that run in the merge's own batch,
/// before the rows move, so it costs the merge no extra round trip. Rows this unit of work has not written yet are
/// recorded from <see cref="PendingWrites"/>.
/// </summary>
internal sealed partial class SqlIdentityUnitOfWork
{
    private const string HistoryRowColumns = "tenant_id, merge_id, kind, ref_id, ref_key, ref_value, ref_at, ref_by, added_to_survivor";

    /// <summary>Records the merge and what the loser holds now; to run before the statements that move it.</summary>
    private List<(string Sql, object?[] Args)> MergeHistoryStatements(long loserId, long survivorId, MergeHistoryDraft h)
    {
        string Rows(string kind, string select, string from) => $"SELECT tenant_id, @p1, '{kind}', {select} FROM {from}";
        // One statement for every kind of row (a UNION ALL): a merge in a batch of events costs two statements more, not nine.
        string[] recorded =
        [
            Rows(LoserIdentifier, NoExtras("type, value"), "crm_identifiers WHERE tenant_id = @p0 AND contact_id = @p2"),
            Rows(SurvivorIdentifier, NoExtras("type, value"), "crm_identifiers WHERE tenant_id = @p0 AND contact_id = @p3"),
            Rows(MovedActivity, "id, '', '', " + NoTimeNoActor, "crm_activities WHERE tenant_id = @p0 AND contact_id = @p2"),
            Rows(MovedLink, NoExtras("record_kind, record_id"), "crm_contact_links WHERE tenant_id = @p0 AND contact_id = @p2"),
            Rows(Tombstone, "id, '', '', " + NoTimeNoActor, "crm_contacts WHERE tenant_id = @p0 AND merged_into_id = @p2"),
            // The loser's own tags, field values and mark as they were, and whether the survivor lacked them (then the merge
            // gave them to it, and an undo takes them back).
            Rows(LoserTag, "0, key, label, created_at, created_by, NOT EXISTS (SELECT 1 FROM crm_contact_tags s " +
                "WHERE s.tenant_id = l.tenant_id AND s.contact_id = @p3 AND s.key = l.key)",
                "crm_contact_tags l WHERE l.tenant_id = @p0 AND l.contact_id = @p2"),
            Rows(LoserField, "0, field_key, value, updated_at, updated_by, NOT EXISTS (SELECT 1 FROM crm_contact_field_values s " +
                "WHERE s.tenant_id = l.tenant_id AND s.contact_id = @p3 AND s.field_key = l.field_key)",
                "crm_contact_field_values l WHERE l.tenant_id = @p0 AND l.contact_id = @p2"),
            Rows(LoserDoNotContact, "0, '', reason, created_at, created_by, NOT EXISTS (SELECT 1 FROM crm_do_not_contact s " +
                "WHERE s.tenant_id = l.tenant_id AND s.contact_id = @p3)",
                "crm_do_not_contact l WHERE l.tenant_id = @p0 AND l.contact_id = @p2"),
        ];
        var statements = new List<(string Sql, object?[] Args)>
        {
            ("INSERT INTO crm_merge_history (tenant_id, id, survivor_id, merged_id, kind, actor, reason, evidence_event_id, merged_at, " +
                "survivor_before_json, survivor_stage_before, survivor_owner_before, state) " +
                "SELECT tenant_id, @p1, id, @p2, @p4, @p5, @p6, @p7, @p8, @p9, stage, owner_name, @p10 FROM crm_contacts WHERE tenant_id = @p0 AND id = @p3",
                [TenantId, h.MergeId, loserId, survivorId, h.Kind, h.Actor, h.Reason, h.EvidenceEventId, h.At, h.SurvivorBeforeJson, MergeUndoRules.Done]),
            ($"INSERT INTO crm_merge_history_rows ({HistoryRowColumns}) {string.Join(" UNION ALL ", recorded)}", [TenantId, h.MergeId, loserId, survivorId]),
        };
        var loserPending = _pending.RowsOf(loserId);
        var survivorPending = _pending.RowsOf(survivorId);
        var pendingRows = loserPending.Identifiers.Select(i => (LoserIdentifier, 0L, i.Type, i.Value))
            .Concat(survivorPending.Identifiers.Select(i => (SurvivorIdentifier, 0L, i.Type, i.Value)))
            .Concat(loserPending.Activities.Select(id => (MovedActivity, id, "", "")))
            .Concat(loserPending.Links.Select(l => (MovedLink, 0L, l.Kind, l.Id)))
            .Distinct();
        foreach (var chunk in pendingRows.Chunk(200))
        {
            var args = new List<object?> { TenantId, h.MergeId };
            var values = new List<string>(chunk.Length);
            foreach (var (kind, refId, key, value) in chunk)
            {
                values.Add($"(@p0, @p1, @p{args.Count}, @p{args.Count + 1}, @p{args.Count + 2}, @p{args.Count + 3}, NULL, NULL, FALSE)");
                args.AddRange([kind, refId, key, value]);
            }
            // A row the table part recorded too (written meanwhile) is the same fact: kept once.
            statements.Add(($"INSERT INTO crm_merge_history_rows ({HistoryRowColumns}) VALUES {string.Join(", ", values)} ON CONFLICT DO NOTHING",
                [.. args]));
        }
        return statements;
    }

    // PostgreSQL types a bare NULL in a SELECT as text, which a timestamp column refuses.
    private const string NoTimeNoActor = "CAST(NULL AS TIMESTAMP), NULL, FALSE";

    private static string NoExtras(string keyAndValue) => "0, " + keyAndValue + ", " + NoTimeNoActor;

    internal const string LoserIdentifier = "loser_identifier";
    internal const string SurvivorIdentifier = "survivor_identifier";
    internal const string MovedActivity = "activity";
    internal const string MovedLink = "link";
    internal const string Tombstone = "tombstone";
    internal const string LoserTag = "tag";
    internal const string LoserField = "field";
    internal const string LoserDoNotContact = "do_not_contact";

    public ValueTask<long> NextActivityIdAsync() => _ids.NextAsync(IdSequence.Activity);

    private bool? _anyRejected;

    public async ValueTask<bool> AnyPairRejectedAsync(IReadOnlyList<long> contactIds)
    {
        // Most tenants never reject a pair: one look per unit of work spares every later tie its own round trip.
        _anyRejected ??= Convert.ToInt64(await _session.ScalarAsync(
            "SELECT COUNT(*) FROM (SELECT 1 FROM crm_merge_reviews WHERE tenant_id = @p0 AND status = @p1 LIMIT 1) r",
            TenantId, MergeReviewStatus.Rejected.ToCode()), System.Globalization.CultureInfo.InvariantCulture) > 0;
        if (_anyRejected != true || contactIds.Count < 2)
        {
            return false;
        }
        var args = new List<object?> { TenantId, MergeReviewStatus.Rejected.ToCode() };
        var list = string.Join(", ", contactIds.Select(id => { args.Add(id); return "@p" + (args.Count - 1); }));
        return Convert.ToInt64(await _session.ScalarAsync(
            $"SELECT COUNT(*) FROM crm_merge_reviews WHERE tenant_id = @p0 AND status = @p1 AND contact_low_id IN ({list}) AND contact_high_id IN ({list})",
            [.. args]), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}

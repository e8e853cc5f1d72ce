using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>Merge-review items and audit entries of the unit of work.</summary>
internal sealed partial class SqlIdentityUnitOfWork : IAuditWriter
{
    public IAuditWriter Audit => this;

    public async ValueTask<bool> QueueReviewAsync(MergeReviewDraft review)
    {
        var id = await _ids.NextAsync(IdSequence.Review);
        var primary = Forward(review.PrimaryContactId);
        var other = Forward(review.OtherContactId);
        var inserted = await _session.ExecuteAsync(
            "INSERT INTO crm_merge_reviews (tenant_id, id, contact_low_id, contact_high_id, primary_contact_id, reason_code, reason, " +
            "evidence_event_id, status, created_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9) " +
            "ON CONFLICT (tenant_id, contact_low_id, contact_high_id) DO NOTHING",
            TenantId, id, Math.Min(primary, other), Math.Max(primary, other), primary, review.ReasonCode, review.Reason,
            review.EvidenceEventId, MergeReviewStatus.Pending.ToCode(), review.CreatedAt);
        if (inserted == 1)
        {
            Raise(new Notifications.ReviewQueued(TenantId, id, primary, other, review.ReasonCode));
        }
        return inserted == 1;
    }

    ValueTask IAuditWriter.AppendAsync(string actor, string action, string detailsJson)
    {
        _audit.Add((Now(), actor, action, detailsJson));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Numbers, chains and writes the queued audit entries. Runs last before commit: the head row's lock is the
    /// last one this transaction takes, so concurrent writers queue on it (and each chains to the entry the
    /// previous one wrote) but can never deadlock over it.
    /// </summary>
    private async ValueTask WriteAuditAsync()
    {
        if (_audit.Count == 0)
        {
            return;
        }
        await _session.ExecuteAsync(
            "INSERT INTO crm_audit_heads (tenant_id, last_sequence, last_hash) VALUES (@p0, 0, '') ON CONFLICT (tenant_id) DO NOTHING", TenantId);
        long sequence;
        string previous;
        await using (var reader = await _session.ReaderAsync(
            $"SELECT last_sequence, last_hash FROM crm_audit_heads WHERE tenant_id = @p0{_dialect.LockRowSuffix}", TenantId))
        {
            await reader.ReadAsync();
            sequence = reader.GetInt64(0);
            previous = reader.GetString(1);
        }
        foreach (var (at, actor, action, details) in _audit)
        {
            sequence++;
            var hash = _signer.Hash(TenantId, sequence, at, actor, action, details, previous);
            await _session.ExecuteAsync(
                "INSERT INTO crm_audit_entries (tenant_id, sequence, at, actor, action, details_json, previous_hash, hash) " +
                "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
                TenantId, sequence, at, actor, action, details, previous, hash);
            previous = hash;
        }
        await _session.ExecuteAsync(
            "UPDATE crm_audit_heads SET last_sequence = @p1, last_hash = @p2 WHERE tenant_id = @p0", TenantId, sequence, previous);
    }

    public async ValueTask<MergeReviewItem?> LoadReviewAsync(long reviewId)
    {
        await using var reader = await _session.ReaderAsync(
            "SELECT id, contact_low_id, contact_high_id, primary_contact_id, reason_code, reason, evidence_event_id, status, created_at " +
            $"FROM crm_merge_reviews WHERE tenant_id = @p0 AND id = @p1{_dialect.LockRowSuffix}", TenantId, reviewId);
        if (!await reader.ReadAsync())
        {
            return null;
        }
        return new MergeReviewItem
        {
            TenantId = TenantId,
            Id = reader.GetInt64(0),
            ContactLowId = reader.GetInt64(1),
            ContactHighId = reader.GetInt64(2),
            PrimaryContactId = reader.GetInt64(3),
            ReasonCode = reader.GetString(4),
            Reason = reader.GetString(5),
            EvidenceEventId = reader.GetString(6),
            Status = MergeReviewStatusCodes.FromCode(reader.GetString(7)),
            CreatedAt = Utc(reader.GetDateTime(8)),
        };
    }

    public async ValueTask DecideReviewAsync(long reviewId, MergeReviewStatus status, string actor, DateTime at) =>
        await _session.ExecuteAsync(
            "UPDATE crm_merge_reviews SET status = @p2, decided_at = @p3, decided_by = @p4 WHERE tenant_id = @p0 AND id = @p1",
            TenantId, reviewId, status.ToCode(), at, actor);
}

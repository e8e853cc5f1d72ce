using System.Data.Common;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>Writes of the unit of work: recorded now, sent at commit (see <see cref="PendingWrites"/>).</summary>
internal sealed partial class SqlIdentityUnitOfWork
{
    public async ValueTask<Contact> CreateContactAsync(string source, DateTime seenAt)
    {
        var now = Now();
        var contact = new Contact
        {
            TenantId = TenantId,
            Id = await _ids.NextAsync(IdSequence.Contact),
            Source = source,
            FirstSeen = seenAt,
            LastSeen = seenAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        _pending.AddContact(contact);
        _activityCounts.ContactCreated(contact.CreatedAt);
        _contacts[contact.Id] = contact;
        RaiseCreated(contact.Id);
        _counts[contact.Id] = new Dictionary<string, int>(StringComparer.Ordinal);
        return contact;
    }

    public ValueTask AddIdentifierAsync(long contactId, NormalizedClaim claim, DateTime firstSeen)
    {
        var id = Forward(contactId);
        _pending.AddIdentifier(id, claim, firstSeen);
        _identifiers[(claim.Type, claim.Value)] = new IdentifierHit(id, claim.Verified);
        if (_counts.TryGetValue(id, out var counts))
        {
            counts[claim.Type] = counts.GetValueOrDefault(claim.Type) + 1;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask MarkIdentifierVerifiedAsync(string type, string value)
    {
        if (!_pending.TryMarkVerified(type, value))
        {
            // Stored already: flagged at commit with the unit of work's others, in one statement where the dialect can.
            _verifiedStored.Add((type, value));
        }
        if (_identifiers.TryGetValue((type, value), out var hit) && hit is not null)
        {
            _identifiers[(type, value)] = hit with { Verified = true };
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Flags the stored identifiers this unit of work found verified, in key order (in one statement, added to <paramref name="batch"/>, where the dialect can).</summary>
    private async ValueTask WriteVerifiedFlagsAsync(List<(string Sql, object?[] Args)> batch)
    {
        if (_verifiedStored.Count == 0)
        {
            return;
        }
        var keys = _verifiedStored.Order().ToList();
        _verifiedStored.Clear();
        if (_dialect.MarkIdentifiersVerifiedSql is { } setSql)
        {
            batch.Add((setSql, _dialect.KeyArguments(TenantId, keys)));
            return;
        }
        await _session.ExecuteRowsAsync(
            "UPDATE crm_identifiers SET verified = 1 WHERE tenant_id = @p0 AND type = @p1 AND value = @p2 AND verified = 0",
            keys.Select(k => new object?[] { TenantId, k.Type, k.Value }).ToList());
    }

    public async ValueTask RemoveIdentifierAsync(string type, string value)
    {
        var hit = await FindIdentifierAsync(type, value);
        if (hit is null)
        {
            return;
        }
        await _session.ExecuteAsync(
            "DELETE FROM crm_identifiers WHERE tenant_id = @p0 AND type = @p1 AND value = @p2", TenantId, type, value);
        _identifiers[(type, value)] = null;
        if (_counts.TryGetValue(hit.ContactId, out var counts) && counts.GetValueOrDefault(type) > 0)
        {
            counts[type]--;
        }
    }

    public void MarkChanged(Contact contact) => _changed.Add(contact.Id);

    /// <summary>
    /// Inserts the contacts created so far. From then on they are rows like any other: commit rewrites one only
    /// if later events of the unit of work changed it (a merge flushes mid-batch; most such contacts are not seen again).
    /// </summary>
    private async ValueTask FlushNewContactsAsync()
    {
        foreach (var contact in await _pending.FlushContactsAsync())
        {
            _storedRows[contact.Id] = StoredRow.Of(contact);
            _contactCounts.Added(contact.IsIdentified, contact.Source);
        }
    }

    public async ValueTask<MoveCounts> MoveContactAsync(long loserId, long survivorId, MergeHistoryDraft history)
    {
        var actor = history.Actor;
        var now = Now();
        // New contacts must exist before rows are moved onto them (foreign keys); pending rows follow by forwarding.
        await FlushNewContactsAsync();
        // The loser (live until now: the engine merges only live contacts) no longer counts among the new contacts of
        // the day it was created; read from the database when this unit of work never loaded it.
        // It stops counting under its kind as the database holds it (changes made to it in this unit of work are dropped).
        var loser = _contacts.TryGetValue(loserId, out var loaded) && _storedRows.TryGetValue(loserId, out var stored)
            ? new LiveRow(loaded.CreatedAt, stored.Profile.IsIdentified, stored.Profile.Source)
            : await ReadLiveRowAsync(loserId);
        // One round trip where the provider batches: a merge's statements depend on nothing read in between.
        var record = MergeHistoryStatements(loserId, survivorId, history);
        var affected = await _session.ExecuteBatchAsync(
        [
            .. record,
            ("UPDATE crm_identifiers SET contact_id = @p2 WHERE tenant_id = @p0 AND contact_id = @p1", [TenantId, loserId, survivorId]),
            ("UPDATE crm_activities SET contact_id = @p2 WHERE tenant_id = @p0 AND contact_id = @p1", [TenantId, loserId, survivorId]),
            ("UPDATE crm_contact_links SET contact_id = @p2 WHERE tenant_id = @p0 AND contact_id = @p1", [TenantId, loserId, survivorId]),
            // Tags: the survivor keeps its own, gains the loser's others (a tag both had stays one).
            .. MoveKeepingSurvivors("crm_contact_tags", "key, label, created_at, created_by", "tenant_id, contact_id, key", loserId, survivorId),
            // Custom field values: the survivor's value stands; the other's fills the fields the survivor left empty.
            .. MoveKeepingSurvivors("crm_contact_field_values", "field_key, value, updated_at, updated_by", "tenant_id, contact_id, field_key", loserId, survivorId),
            // "Do not contact": if either record said stop, the person did; the survivor's own reason stands.
            .. MoveKeepingSurvivors("crm_do_not_contact", "reason, created_at, created_by", "tenant_id, contact_id", loserId, survivorId),
            // Lifecycle stage and owner: the survivor's stand; the other's fill them where the survivor has none.
            ("UPDATE crm_contacts SET stage = COALESCE(stage, (SELECT l.stage FROM crm_contacts l WHERE l.tenant_id = @p0 AND l.id = @p1)), " +
                "owner_name = COALESCE(owner_name, (SELECT l.owner_name FROM crm_contacts l WHERE l.tenant_id = @p0 AND l.id = @p1)) " +
                "WHERE tenant_id = @p0 AND id = @p2 AND (stage IS NULL OR owner_name IS NULL)", [TenantId, loserId, survivorId]),
            // Collapse chains: whatever pointed at the loser now points straight at the survivor.
            ("UPDATE crm_contacts SET merged_into_id = @p2 WHERE tenant_id = @p0 AND merged_into_id = @p1", [TenantId, loserId, survivorId]),
            ("UPDATE crm_contacts SET state = @p2, merged_into_id = @p3, updated_at = @p4 WHERE tenant_id = @p0 AND id = @p1",
                [TenantId, loserId, ContactState.Merged.ToCode(), survivorId, now]),
            ("UPDATE crm_merge_reviews SET status = @p3, decided_at = @p4, decided_by = @p5 " +
                "WHERE tenant_id = @p0 AND contact_low_id = @p1 AND contact_high_id = @p2 AND status = @p6",
                [TenantId, Math.Min(loserId, survivorId), Math.Max(loserId, survivorId), MergeReviewStatus.Approved.ToCode(), now, actor,
                    MergeReviewStatus.Pending.ToCode()]),
        ]);
        var (identifiers, activities, links) = (affected[record.Count], affected[record.Count + 1], affected[record.Count + 2]);
        if (loser is { } gone)
        {
            _activityCounts.ContactGone(gone.CreatedAt);
            _contactCounts.Removed(gone.IsIdentified, gone.Source);
        }

        _mergedInto[loserId] = survivorId;
        RaiseMerged(loserId, survivorId);
        var pending = _pending.MoveOwner(loserId, survivorId);
        _contacts.Remove(loserId);
        _changed.Remove(loserId);
        // Counts are re-read after a merge rather than added up, so they can never drift from the table.
        _counts.Remove(loserId);
        _counts.Remove(survivorId);
        return new MoveCounts(identifiers + pending.Identifiers, activities + pending.Activities, links + pending.Links);
    }

    /// <summary>What the counts need of a live contact (<see cref="ActivityCounters"/>, <see cref="ContactCounters"/>).</summary>
    private readonly record struct LiveRow(DateTime CreatedAt, bool IsIdentified, string Source);

    private async ValueTask<LiveRow?> ReadLiveRowAsync(long contactId)
    {
        await using var reader = await _session.ReaderAsync(
            "SELECT created_at, is_identified, source FROM crm_contacts WHERE tenant_id = @p0 AND id = @p1 AND state = @p2",
            TenantId, contactId, ContactState.Live.ToCode());
        return await reader.ReadAsync() ? new LiveRow(Utc(reader.GetDateTime(0)), reader.GetBoolean(1), reader.GetString(2)) : null;
    }

    /// <summary>
    /// Moves the loser's rows of a table keyed by contact to the survivor; where the survivor has a row with the same
    /// key already, the survivor's is kept and the loser's dropped. Table and column names are this class's constants.
    /// </summary>
    private (string Sql, object?[] Args)[] MoveKeepingSurvivors(string table, string columns, string key, long loserId, long survivorId) =>
    [
        ($"INSERT INTO {table} (tenant_id, contact_id, {columns}) SELECT tenant_id, @p2, {columns} FROM {table} " +
            $"WHERE tenant_id = @p0 AND contact_id = @p1 ON CONFLICT ({key}) DO NOTHING", [TenantId, loserId, survivorId]),
        ($"DELETE FROM {table} WHERE tenant_id = @p0 AND contact_id = @p1", [TenantId, loserId]),
    ];

    public async ValueTask<long> InsertActivityAsync(ActivityDraft a)
    {
        var id = a.Id ?? await _ids.NextAsync(IdSequence.Activity);
        var contactId = a.ContactId is { } c ? Forward(c) : (long?)null;
        _pending.AddActivity(id, a with { ContactId = contactId });
        _activityCounts.ActivityWritten(a.ReceivedAt, a.Type);
        _events[a.EventId] = new StoredEvent(id, contactId);
        return id;
    }

    public async ValueTask<bool> LiftDoNotContactAsync(long contactId)
    {
        var lifted = await _session.ExecuteAsync("DELETE FROM crm_do_not_contact WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, contactId) > 0;
        if (lifted)
        {
            Raise(new Notifications.DoNotContactLifted(TenantId, contactId));
        }
        return lifted;
    }

    public ValueTask LinkRecordAsync(long contactId, string recordKind, string recordId, DateTime firstSeen)
    {
        // Written at commit with ON CONFLICT DO NOTHING: a record already linked keeps its contact.
        _pending.AddLink(recordKind, recordId, Forward(contactId), firstSeen);
        return ValueTask.CompletedTask;
    }

    public async Task CommitAsync()
    {
        // New contacts go in with their final state; contacts already in the table are rewritten once each, in id
        // order (neighbouring rows share pages), only when the events changed them, and only in their seen times
        // when nothing else changed.
        var writeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        await FlushNewContactsAsync();
        var updates = new RowWriter(_session, TenantId, _dialect.CommitStatements.UpdateContacts);
        var touches = new RowWriter(_session, TenantId, _dialect.CommitStatements.TouchContacts);
        foreach (var id in _changed.Order())
        {
            if (!_contacts.TryGetValue(id, out var c))
            {
                continue;
            }
            var current = StoredRow.Of(c);
            var wasStored = _storedRows.TryGetValue(id, out var stored);
            if (current == stored)
            {
                continue;
            }
            if (current.Profile == stored.Profile)
            {
                touches.Add(c.Id, c.LastSeen, c.UpdatedAt);
            }
            else
            {
                if (wasStored)
                {
                    _contactCounts.Changed(stored.Profile.IsIdentified, stored.Profile.Source, c.IsIdentified, c.Source);
                }
                updates.Add(c.Id, c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified,
                    c.FirstSeen, c.LastSeen, c.TraitsJson, c.UpdatedAt);
            }
        }
        // Where the dialect writes a table in one statement, the tables' statements travel together: one round trip.
        var batch = new List<(string Sql, object?[] Args)>();
        await updates.FlushAsync(batch);
        await touches.FlushAsync(batch);
        await _pending.FlushRowsAsync(batch);
        await WriteVerifiedFlagsAsync(batch);
        if (batch.Count > 0)
        {
            await _session.ExecuteBatchAsync(batch);
        }
        var notifications = await WriteNotificationsAsync();
        await _ids.FlushAsync();
        await WriteAuditAsync();
        await _activityCounts.FlushAsync(_session, TenantId);
        await _contactCounts.FlushAsync(_session, TenantId);
        IngestionMetrics.PhaseDone(IngestionMetrics.WritePhase, writeStarted);
        var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        await _session.Transaction.CommitAsync();
        IngestionMetrics.PhaseDone(IngestionMetrics.CommitPhase, commitStarted);
        _committed = true;
        _dialect.AfterCommit();
        if (_outbox is not null)
        {
            await _outbox.AfterCommitAsync(notifications);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await _session.Transaction.RollbackAsync();
            }
            catch (Exception ex) when (ex is InvalidOperationException or DbException)
            {
                // Already rolled back by the provider after the error that brought us here.
            }
        }
        await _session.DisposeAsync();
    }
}

using System.Data.Common;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Matching;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// One transaction over one tenant's graph. Keeps what it has read and written in memory for the rest of the
/// transaction (a batch of events often touches the same visitor many times), and writes changed contact rows
/// once, at commit. Contacts merged away inside the transaction are forwarded to their survivor.
/// </summary>
internal sealed class SqlIdentityUnitOfWork : IIdentityUnitOfWork
{
    private const string ContactColumns =
        "id, state, merged_into_id, display_name, email, phone, company, source, is_identified, first_seen, last_seen, traits_json, created_at, updated_at";

    private readonly SqlSession _session;
    private readonly SqlDialect _dialect;
    private readonly IIdAllocator _ids;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Type, string Value), IdentifierHit?> _identifiers = [];
    private readonly Dictionary<string, StoredEvent> _events = new(StringComparer.Ordinal);
    private readonly HashSet<string> _absentEvents = new(StringComparer.Ordinal);
    private readonly List<(DateTime At, string Actor, string Action, string Details)> _audit = [];
    private readonly Dictionary<long, Contact> _contacts = [];
    private readonly Dictionary<long, Dictionary<string, int>> _counts = [];
    private readonly Dictionary<long, long> _mergedInto = [];
    private readonly HashSet<long> _changed = [];
    private readonly PendingWrites _pending;
    private bool _committed;

    public SqlIdentityUnitOfWork(SqlSession session, SqlDialect dialect, string tenantId, TimeProvider time)
    {
        _session = session;
        _dialect = dialect;
        _time = time;
        TenantId = tenantId;
        _ids = dialect.CreateIdAllocator(session, tenantId);
        _pending = new PendingWrites(session, dialect, dialect.Bulk, tenantId);
    }

    public string TenantId { get; }

    public async ValueTask PrepareAsync(IReadOnlyCollection<string> eventIds, IReadOnlyCollection<(string Type, string Value)> identifiers)
    {
        var ids = eventIds.Where(id => !_events.ContainsKey(id)).Distinct().ToArray();
        await using (var reader = await _session.ReaderAsync(
            $"SELECT event_id, id, contact_id FROM crm_activities WHERE tenant_id = @p0 AND {_dialect.InList("event_id", "@p1")}",
            TenantId, _dialect.ListArgument(ids)))
        {
            while (await reader.ReadAsync())
            {
                _events[reader.GetString(0)] = new StoredEvent(reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
            }
        }
        _absentEvents.UnionWith(ids.Where(id => !_events.ContainsKey(id)));

        // Read the identifiers, then load (and where rows are locked, lock in id order) the contacts they point at.
        // With row locks, read again: an identifier may have moved to a contact we have not locked (a merge that
        // committed in between); two or three rounds settle it.
        var keys = identifiers.ToList();
        for (var round = 0; round < (_dialect.LocksRows ? 3 : 1); round++)
        {
            var owners = await ReadIdentifiersAsync(keys);
            var toLoad = owners.Where(id => !_contacts.ContainsKey(id)).Order().ToArray();
            if (toLoad.Length == 0)
            {
                return;
            }
            await using var reader = await _session.ReaderAsync(
                $"SELECT {ContactColumns} FROM crm_contacts WHERE tenant_id = @p0 AND {_dialect.InList("id", "@p1")} ORDER BY id{_dialect.LockRowSuffix}",
                TenantId, _dialect.ListArgument(toLoad));
            while (await reader.ReadAsync())
            {
                var contact = ReadContact(reader);
                if (contact.State == ContactStates.Live)
                {
                    _contacts[contact.Id] = contact;
                }
            }
        }
    }

    private async ValueTask<HashSet<long>> ReadIdentifiersAsync(List<(string Type, string Value)> keys)
    {
        foreach (var key in keys)
        {
            _identifiers[key] = null;
        }
        var owners = new HashSet<long>();
        await using var reader = await _session.ReaderAsync(_dialect.SelectIdentifiersByKeysSql, _dialect.KeyArguments(TenantId, keys));
        while (await reader.ReadAsync())
        {
            var hit = new IdentifierHit(reader.GetInt64(2), reader.GetBoolean(3));
            _identifiers[(reader.GetString(0), reader.GetString(1))] = hit;
            owners.Add(hit.ContactId);
        }
        return owners;
    }

    public async ValueTask<StoredEvent?> FindEventAsync(string eventId)
    {
        if (_events.TryGetValue(eventId, out var known))
        {
            return known;
        }
        if (_absentEvents.Contains(eventId))
        {
            return null;
        }
        await using var reader = await _session.ReaderAsync(
            "SELECT id, contact_id FROM crm_activities WHERE tenant_id = @p0 AND event_id = @p1", TenantId, eventId);
        return await reader.ReadAsync()
            ? new StoredEvent(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1))
            : null;
    }

    public async ValueTask<IdentifierHit?> FindIdentifierAsync(string type, string value)
    {
        if (!_identifiers.TryGetValue((type, value), out var hit))
        {
            await using var reader = await _session.ReaderAsync(
                "SELECT contact_id, verified FROM crm_identifiers WHERE tenant_id = @p0 AND type = @p1 AND value = @p2",
                TenantId, type, value);
            hit = await reader.ReadAsync() ? new IdentifierHit(reader.GetInt64(0), reader.GetBoolean(1)) : null;
            _identifiers[(type, value)] = hit;
        }
        return hit is null ? null : hit with { ContactId = Forward(hit.ContactId) };
    }

    public async ValueTask<long?> ResolveLiveContactIdAsync(long contactId)
    {
        var id = Forward(contactId);
        // Tombstone chains are collapsed on every merge, but follow a few hops in case rows predate that.
        for (var hop = 0; hop < 8; hop++)
        {
            if (_contacts.ContainsKey(id))
            {
                return id;
            }
            await using var reader = await _session.ReaderAsync(
                "SELECT state, merged_into_id FROM crm_contacts WHERE tenant_id = @p0 AND id = @p1", TenantId, id);
            if (!await reader.ReadAsync())
            {
                return null;
            }
            if (reader.GetString(0) == ContactStates.Live)
            {
                return id;
            }
            id = reader.GetInt64(1);
        }
        return null;
    }

    public async ValueTask<Contact> LoadLiveContactAsync(long contactId)
    {
        var id = Forward(contactId);
        if (_contacts.TryGetValue(id, out var cached))
        {
            return cached;
        }
        await using var reader = await _session.ReaderAsync(
            $"SELECT {ContactColumns} FROM crm_contacts WHERE tenant_id = @p0 AND id = @p1{_dialect.LockRowSuffix}", TenantId, id);
        if (!await reader.ReadAsync())
        {
            throw new ConcurrentChangeException($"contact {id} no longer exists");
        }
        var contact = ReadContact(reader);
        if (contact.State != ContactStates.Live)
        {
            throw new ConcurrentChangeException($"contact {id} was merged by a concurrent writer");
        }
        _contacts[id] = contact;
        return contact;
    }

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
        _contacts[contact.Id] = contact;
        _counts[contact.Id] = new Dictionary<string, int>(StringComparer.Ordinal);
        return contact;
    }

    public async ValueTask<IReadOnlyDictionary<string, int>> GetIdentifierCountsAsync(long contactId)
    {
        var id = Forward(contactId);
        if (!_counts.TryGetValue(id, out var counts))
        {
            counts = new Dictionary<string, int>(StringComparer.Ordinal);
            // Counted here, not with GROUP BY: SQLite would satisfy "GROUP BY type" from the primary key's order
            // and scan the tenant's whole graph. A contact holds a handful of identifiers.
            await using var reader = await _session.ReaderAsync(
                "SELECT type FROM crm_identifiers WHERE tenant_id = @p0 AND contact_id = @p1 AND contact_state = @p2",
                TenantId, id, ContactStates.Live);
            while (await reader.ReadAsync())
            {
                var type = reader.GetString(0);
                counts[type] = counts.GetValueOrDefault(type) + 1;
            }
            _pending.CountIdentifiers(id, Forward, counts);
            _counts[id] = counts;
        }
        return counts;
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

    public async ValueTask MarkIdentifierVerifiedAsync(string type, string value)
    {
        if (!_pending.TryMarkVerified(type, value))
        {
            await _session.ExecuteAsync(
                "UPDATE crm_identifiers SET verified = @p3 WHERE tenant_id = @p0 AND type = @p1 AND value = @p2", TenantId, type, value, true);
        }
        if (_identifiers.TryGetValue((type, value), out var hit) && hit is not null)
        {
            _identifiers[(type, value)] = hit with { Verified = true };
        }
    }

    public void MarkChanged(Contact contact) => _changed.Add(contact.Id);

    public async ValueTask<MoveCounts> MoveContactAsync(long loserId, long survivorId, string actor)
    {
        var now = Now();
        // New contacts must exist before rows are moved onto them (foreign keys); pending rows follow by forwarding.
        await _pending.FlushContactsAsync();
        var pending = _pending.CountOwnedBy(loserId, Forward);
        var identifiers = await _session.ExecuteAsync(
            "UPDATE crm_identifiers SET contact_id = @p2 WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, loserId, survivorId);
        var activities = await _session.ExecuteAsync(
            "UPDATE crm_activities SET contact_id = @p2 WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, loserId, survivorId);
        var links = await _session.ExecuteAsync(
            "UPDATE crm_contact_links SET contact_id = @p2 WHERE tenant_id = @p0 AND contact_id = @p1", TenantId, loserId, survivorId);
        // Collapse chains: whatever pointed at the loser now points straight at the survivor.
        await _session.ExecuteAsync(
            "UPDATE crm_contacts SET merged_into_id = @p2 WHERE tenant_id = @p0 AND merged_into_id = @p1", TenantId, loserId, survivorId);
        await _session.ExecuteAsync(
            "UPDATE crm_contacts SET state = @p2, merged_into_id = @p3, updated_at = @p4 WHERE tenant_id = @p0 AND id = @p1",
            TenantId, loserId, ContactStates.Merged, survivorId, now);
        await _session.ExecuteAsync(
            "UPDATE crm_merge_reviews SET status = @p3, decided_at = @p4, decided_by = @p5 " +
            "WHERE tenant_id = @p0 AND contact_low_id = @p1 AND contact_high_id = @p2 AND status = @p6",
            TenantId, Math.Min(loserId, survivorId), Math.Max(loserId, survivorId), MergeReviewStatuses.Approved, now, actor,
            MergeReviewStatuses.Pending);

        _mergedInto[loserId] = survivorId;
        _contacts.Remove(loserId);
        _changed.Remove(loserId);
        // Counts are re-read after a merge rather than added up, so they can never drift from the table.
        _counts.Remove(loserId);
        _counts.Remove(survivorId);
        return new MoveCounts(identifiers + pending.Identifiers, activities + pending.Activities, links + pending.Links);
    }

    public async ValueTask<long> InsertActivityAsync(ActivityDraft a)
    {
        var id = await _ids.NextAsync(IdSequence.Activity);
        var contactId = a.ContactId is { } c ? Forward(c) : (long?)null;
        _pending.AddActivity(id, a with { ContactId = contactId });
        _events[a.EventId] = new StoredEvent(id, contactId);
        return id;
    }

    public ValueTask LinkRecordAsync(long contactId, string recordKind, string recordId, DateTime firstSeen)
    {
        // Written at commit with ON CONFLICT DO NOTHING: a record already linked keeps its contact.
        _pending.AddLink(recordKind, recordId, Forward(contactId), firstSeen);
        return ValueTask.CompletedTask;
    }

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
            review.EvidenceEventId, MergeReviewStatuses.Pending, review.CreatedAt);
        return inserted == 1;
    }

    public ValueTask AppendAuditAsync(string actor, string action, string detailsJson)
    {
        _audit.Add((Now(), actor, action, detailsJson));
        return ValueTask.CompletedTask;
    }

    /// <summary>Numbers and writes the queued audit entries. Runs last before commit: the head row's lock is the
    /// last one this transaction takes, so concurrent writers queue on it but can never deadlock over it.</summary>
    private async ValueTask WriteAuditAsync()
    {
        if (_audit.Count == 0)
        {
            return;
        }
        var last = Convert.ToInt64(await _session.ScalarAsync(
            "INSERT INTO crm_audit_heads (tenant_id, last_sequence) VALUES (@p0, @p1) ON CONFLICT (tenant_id) " +
            "DO UPDATE SET last_sequence = crm_audit_heads.last_sequence + excluded.last_sequence RETURNING last_sequence",
            TenantId, (long)_audit.Count));
        var sequence = last - _audit.Count;
        foreach (var (at, actor, action, details) in _audit)
        {
            await _session.ExecuteAsync(
                "INSERT INTO crm_audit_entries (tenant_id, sequence, at, actor, action, details_json) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
                TenantId, ++sequence, at, actor, action, details);
        }
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
            Status = reader.GetString(7),
            CreatedAt = Utc(reader.GetDateTime(8)),
        };
    }

    public async ValueTask DecideReviewAsync(long reviewId, string status, string actor, DateTime at) =>
        await _session.ExecuteAsync(
            "UPDATE crm_merge_reviews SET status = @p2, decided_at = @p3, decided_by = @p4 WHERE tenant_id = @p0 AND id = @p1",
            TenantId, reviewId, status, at, actor);

    public async Task CommitAsync()
    {
        // New contacts go in with their final state; contacts already in the table are updated in one statement.
        var inserted = (await _pending.FlushContactsAsync()).ToHashSet();
        var updates = new RowWriter(_session, _dialect, TenantId, _dialect.Bulk.UpdateContacts, _dialect.Bulk.UpdateContactRow);
        foreach (var id in _changed)
        {
            if (!inserted.Contains(id) && _contacts.TryGetValue(id, out var c))
            {
                updates.Add(c.Id, c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified,
                    c.FirstSeen, c.LastSeen, c.TraitsJson, c.UpdatedAt);
            }
        }
        await updates.FlushAsync();
        await _pending.FlushRowsAsync(Forward);
        await _ids.FlushAsync();
        await WriteAuditAsync();
        await _session.Transaction.CommitAsync();
        _committed = true;
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

    private long Forward(long contactId)
    {
        while (_mergedInto.TryGetValue(contactId, out var survivor))
        {
            contactId = survivor;
        }
        return contactId;
    }

    private DateTime Now() => Timestamps.Normalize(_time.GetUtcNow());

    private Contact ReadContact(DbDataReader r) => new()
    {
        TenantId = TenantId,
        Id = r.GetInt64(0),
        State = r.GetString(1),
        MergedIntoId = r.IsDBNull(2) ? null : r.GetInt64(2),
        DisplayName = r.IsDBNull(3) ? null : r.GetString(3),
        Email = r.IsDBNull(4) ? null : r.GetString(4),
        Phone = r.IsDBNull(5) ? null : r.GetString(5),
        Company = r.IsDBNull(6) ? null : r.GetString(6),
        Source = r.GetString(7),
        IsIdentified = r.GetBoolean(8),
        FirstSeen = Utc(r.GetDateTime(9)),
        LastSeen = Utc(r.GetDateTime(10)),
        TraitsJson = r.IsDBNull(11) ? null : r.GetString(11),
        CreatedAt = Utc(r.GetDateTime(12)),
        UpdatedAt = Utc(r.GetDateTime(13)),
    };

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

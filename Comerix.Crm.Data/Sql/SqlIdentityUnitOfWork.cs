using System.Data.Common;
using Comerix.Crm.Contacts;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// One transaction over one tenant's graph. Reads a batch's events, identifiers and contacts up front, keeps
/// them in memory for the rest of the transaction, and writes what changed at commit (write-behind): a batch
/// often touches the same visitor many times. Contacts merged away inside the transaction are forwarded to
/// their survivor. This file holds the reads; writes and commit, and reviews and audit, are beside it.
/// </summary>
internal sealed partial class SqlIdentityUnitOfWork : IAdminUnitOfWork
{
    private const string ContactColumns =
        "id, state, merged_into_id, display_name, email, phone, company, source, is_identified, first_seen, last_seen, traits_json, created_at, updated_at";

    private readonly SqlSession _session;
    private readonly SqlDialect _dialect;
    private readonly IIdAllocator _ids;
    private readonly TimeProvider _time;
    private readonly Audit.AuditSigner _signer;
    private readonly Dictionary<(string Type, string Value), IdentifierHit?> _identifiers = [];
    private readonly Dictionary<string, StoredEvent> _events = new(StringComparer.Ordinal);
    private readonly HashSet<string> _absentEvents = new(StringComparer.Ordinal);
    private readonly List<(DateTime At, string Actor, string Action, string Details)> _audit = [];
    private readonly Dictionary<long, Contact> _contacts = [];
    private readonly Dictionary<long, StoredRow> _storedRows = [];
    private readonly Dictionary<long, Dictionary<string, int>> _counts = [];
    private readonly Dictionary<long, long> _mergedInto = [];
    private readonly HashSet<long> _changed = [];
    private readonly HashSet<(string Type, string Value)> _verifiedStored = [];
    private readonly PendingWrites _pending;
    private readonly ActivityCounters _activityCounts = new();
    private readonly ContactCounters _contactCounts = new();
    private readonly CrmEventOutbox? _outbox;
    private bool _committed;

    public SqlIdentityUnitOfWork(SqlSession session, SqlDialect dialect, string tenantId, TimeProvider time, Audit.AuditSigner signer,
        CrmEventOutbox? outbox = null)
    {
        _outbox = outbox;
        _signer = signer;
        _session = session;
        _dialect = dialect;
        _time = time;
        TenantId = tenantId;
        _ids = dialect.CreateIdAllocator(session, tenantId);
        _pending = new PendingWrites(session, dialect.CommitStatements, tenantId, Forward);
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
        var newEvents = ids.Count(id => !_events.ContainsKey(id));
        _absentEvents.UnionWith(ids.Where(id => !_events.ContainsKey(id)));

        // Read the identifiers once, then load (and where rows are locked, lock in id order) the contacts they point at.
        // A contact still live once locked still holds every identifier read as its own: only a merge (or an erasure)
        // takes identifiers away, and it needs the contact's lock. Identifiers read as a contact's that was merged away
        // (or erased) before the lock came are read again, with the contacts they moved to: two or three rounds settle it.
        var keys = identifiers.ToList();
        if (keys.Count == 0)
        {
            ReserveIds(newEvents, 0);
            return;
        }
        var owners = await ReadIdentifiersAsync(keys);
        ReserveIds(newEvents, keys.Count(k => _identifiers[k] is null));
        for (var round = 1; ; round++)
        {
            var toLoad = owners.Where(id => !_contacts.ContainsKey(id)).Order().ToArray();
            if (toLoad.Length == 0)
            {
                return;
            }
            var loaded = await LoadContactsAsync(toLoad);
            if (loaded == toLoad.Length || !_dialect.LocksRows || round == 3)
            {
                return;
            }
            owners = await ReadIdentifiersAsync(keys.Where(k => _identifiers[k] is { } hit && !_contacts.ContainsKey(hit.ContactId)).ToList());
        }
    }

    /// <summary>Loads (and where rows are locked, locks in id order) the contacts, and their identifier counts; returns how many are live.</summary>
    private async ValueTask<int> LoadContactsAsync(long[] ids)
    {
        var loaded = new List<long>(ids.Length);
        await using (var reader = await _session.ReaderAsync(
            $"SELECT {ContactColumns} FROM crm_contacts WHERE tenant_id = @p0 AND {_dialect.InList("id", "@p1")} ORDER BY id{_dialect.LockRowSuffix}",
            TenantId, _dialect.ListArgument(ids)))
        {
            while (await reader.ReadAsync())
            {
                var contact = ReadContact(reader);
                if (contact.State == ContactState.Live)
                {
                    _contacts[contact.Id] = contact;
                    loaded.Add(contact.Id);
                }
            }
        }
        var live = loaded.Count;
        if (_dialect.SelectIdentifierTypesOfContactsSql is { } countsSql)
        {
            await ReadIdentifierCountsAsync(countsSql, loaded);
        }
        return live;
    }

    /// <summary>
    /// Reads the identifier counts of the contacts just loaded (and locked) in one statement, so that resolving the batch
    /// asks for none of them one by one (<see cref="GetIdentifierCountsAsync"/>): a batch's events attach claims to, and
    /// settle ties between, exactly these contacts.
    /// </summary>
    private async ValueTask ReadIdentifierCountsAsync(string countsSql, List<long> contactIds)
    {
        contactIds.RemoveAll(_counts.ContainsKey);
        if (contactIds.Count == 0)
        {
            return;
        }
        foreach (var id in contactIds)
        {
            _counts[id] = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        await using (var reader = await _session.ReaderAsync(countsSql,
            TenantId, _dialect.ListArgument(contactIds), ContactState.Live.ToCode()))
        {
            while (await reader.ReadAsync())
            {
                var counts = _counts[reader.GetInt64(0)];
                var type = reader.GetString(1);
                counts[type] = counts.GetValueOrDefault(type) + Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        foreach (var id in contactIds)
        {
            _pending.CountIdentifiers(id, _counts[id]);
        }
    }

    /// <summary>
    /// Each new event needs an activity id; a new contact needs a new event whose identifiers are all unknown, so
    /// there are no more of them than unknown identifiers (merges and reviews take what they need on top).
    /// </summary>
    private void ReserveIds(int newEvents, int unknownIdentifiers)
    {
        _ids.Reserve(IdSequence.Activity, newEvents);
        _ids.Reserve(IdSequence.Contact, Math.Min(newEvents, unknownIdentifiers));
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

    public async ValueTask<long> ReadStateVersionAsync(string state) =>
        await _session.ScalarAsync("SELECT version FROM crm_state_versions WHERE tenant_id = @p0 AND state = @p1", TenantId, state) is long version
            ? version
            : 0;

    public async ValueTask<IReadOnlyList<string>> ReadSuppressionHashesAsync()
    {
        var hashes = new List<string>();
        await using var reader = await _session.ReaderAsync("SELECT hash FROM crm_suppressions WHERE tenant_id = @p0", TenantId);
        while (await reader.ReadAsync())
        {
            hashes.Add(reader.GetString(0));
        }
        return hashes;
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
            if (ContactStateCodes.FromCode(reader.GetString(0)) == ContactState.Live)
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
        if (contact.State != ContactState.Live)
        {
            throw new ConcurrentChangeException($"contact {id} was merged by a concurrent writer");
        }
        _contacts[id] = contact;
        return contact;
    }

    public async ValueTask<IReadOnlyDictionary<string, int>> GetIdentifierCountsAsync(long contactId)
    {
        var id = Forward(contactId);
        if (!_counts.TryGetValue(id, out var counts))
        {
            // A contact PrepareAsync did not load (an explicit contact id, a mid-batch lookup): read on its own.
            counts = new Dictionary<string, int>(StringComparer.Ordinal);
            // Counted here, not with GROUP BY: SQLite would satisfy "GROUP BY type" from the primary key's order
            // and scan the tenant's whole graph. A contact holds a handful of identifiers.
            await using var reader = await _session.ReaderAsync(
                "SELECT type FROM crm_identifiers WHERE tenant_id = @p0 AND contact_id = @p1 AND contact_state = @p2",
                TenantId, id, ContactState.Live.ToCode());
            while (await reader.ReadAsync())
            {
                var type = reader.GetString(0);
                counts[type] = counts.GetValueOrDefault(type) + 1;
            }
            _pending.CountIdentifiers(id, counts);
            _counts[id] = counts;
        }
        return counts;
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

    private Contact ReadContact(DbDataReader r)
    {
        var contact = ReadContactRow(r);
        _storedRows[contact.Id] = StoredRow.Of(contact);
        return contact;
    }

    private Contact ReadContactRow(DbDataReader r) => new()
    {
        TenantId = TenantId,
        Id = r.GetInt64(0),
        State = ContactStateCodes.FromCode(r.GetString(1)),
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

    /// <summary>A contact's columns as the database holds them (read, or written earlier in the unit of work): commit compares to decide what to rewrite.</summary>
    private readonly record struct StoredRow(StoredProfile Profile, DateTime LastSeen, DateTime UpdatedAt)
    {
        public static StoredRow Of(Contact c) => new(StoredProfile.Of(c), c.LastSeen, c.UpdatedAt);
    }

    /// <summary>A contact's columns other than its seen times.</summary>
    private readonly record struct StoredProfile(
        string? DisplayName, string? Email, string? Phone, string? Company, string Source, bool IsIdentified, DateTime FirstSeen, string? TraitsJson)
    {
        public static StoredProfile Of(Contact c) =>
            new(c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified, c.FirstSeen, c.TraitsJson);
    }
}

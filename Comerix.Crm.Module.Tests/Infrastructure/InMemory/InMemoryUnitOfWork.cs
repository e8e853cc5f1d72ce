using Comerix.Crm.Contacts;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Tests.Infrastructure.InMemory;

/// <summary>
/// One unit of work of <see cref="InMemoryIdentityStore"/>: reads and writes a private copy of the tenant's graph.
/// Like the SQL store, a loaded contact's profile is kept only when it was marked changed, identifier counts follow
/// the unit's own additions, and a merge moves identifiers, activities and links, then leaves a tombstone.
/// </summary>
internal sealed class InMemoryUnitOfWork : IIdentityUnitOfWork, IAuditWriter
{
    private readonly InMemoryIdentityStore _store;
    private readonly InMemoryGraph _graph;
    private readonly TimeProvider _time;
    private readonly CancellationToken _cancellationToken;
    /// <summary>The contacts handed out, as the engine changes them; written to the graph at commit when marked changed.</summary>
    private readonly Dictionary<long, Contact> _loaded = [];
    private readonly HashSet<long> _created = [];
    private readonly HashSet<long> _changed = [];
    private readonly Dictionary<long, Dictionary<string, int>> _counts = [];
    private readonly List<StoredAudit> _audit = [];
    private bool _done;

    public InMemoryUnitOfWork(InMemoryIdentityStore store, string tenantId, InMemoryGraph graph, TimeProvider time, CancellationToken cancellationToken)
    {
        _store = store;
        _graph = graph;
        _time = time;
        _cancellationToken = cancellationToken;
        TenantId = tenantId;
    }

    public string TenantId { get; }

    public IAuditWriter Audit => this;

    public ValueTask PrepareAsync(IReadOnlyCollection<string> eventIds, IReadOnlyCollection<(string Type, string Value)> identifiers) => Step();

    public async ValueTask<long> ReadStateVersionAsync(string state)
    {
        await Step();
        return 0;
    }

    public async ValueTask<IReadOnlyList<string>> ReadSuppressionHashesAsync()
    {
        await Step();
        return [];
    }

    public async ValueTask<StoredEvent?> FindEventAsync(string eventId)
    {
        await Step();
        return _graph.Activities.TryGetValue(eventId, out var a) ? new StoredEvent(a.Id, a.ContactId) : null;
    }

    public async ValueTask<IdentifierHit?> FindIdentifierAsync(string type, string value)
    {
        await Step();
        return _graph.Identifiers.TryGetValue((type, value), out var i) ? new IdentifierHit(i.ContactId, i.Verified) : null;
    }

    public async ValueTask<long?> ResolveLiveContactIdAsync(long contactId)
    {
        await Step();
        var id = contactId;
        for (var hop = 0; hop < 8; hop++)
        {
            if (!_graph.Contacts.TryGetValue(id, out var contact))
            {
                return null;
            }
            if (contact.State == ContactState.Live)
            {
                return id;
            }
            id = contact.MergedIntoId!.Value;
        }
        return null;
    }

    public async ValueTask<Contact> LoadLiveContactAsync(long contactId)
    {
        await Step();
        if (_loaded.TryGetValue(contactId, out var loaded))
        {
            return loaded;
        }
        if (!_graph.Contacts.TryGetValue(contactId, out var stored) || stored.State != ContactState.Live)
        {
            throw new ConcurrentChangeException($"contact {contactId} is not live");
        }
        var copy = InMemoryGraph.Clone(stored);
        _loaded[contactId] = copy;
        return copy;
    }

    public async ValueTask<Contact> CreateContactAsync(string source, DateTime seenAt)
    {
        await Step();
        var now = Now();
        var contact = new Contact
        {
            TenantId = TenantId,
            Id = _graph.NextContactId++,
            Source = source,
            FirstSeen = seenAt,
            LastSeen = seenAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // Inserted with its final state at commit, marked changed or not (as the SQL store's pending contacts are).
        _graph.Contacts[contact.Id] = InMemoryGraph.Clone(contact);
        _loaded[contact.Id] = contact;
        _created.Add(contact.Id);
        _counts[contact.Id] = new Dictionary<string, int>(StringComparer.Ordinal);
        return contact;
    }

    public async ValueTask<IReadOnlyDictionary<string, int>> GetIdentifierCountsAsync(long contactId)
    {
        await Step();
        if (!_counts.TryGetValue(contactId, out var counts))
        {
            counts = _graph.Identifiers.Values.Where(i => i.ContactId == contactId)
                .GroupBy(i => i.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            _counts[contactId] = counts;
        }
        return counts;
    }

    public async ValueTask AddIdentifierAsync(long contactId, NormalizedClaim claim, DateTime firstSeen)
    {
        await Step();
        if (_graph.Identifiers.ContainsKey((claim.Type, claim.Value)))
        {
            throw new InMemoryConflictException($"identifier {claim.Type} is taken");
        }
        _graph.Identifiers[(claim.Type, claim.Value)] = new StoredIdentifier(claim.Type, claim.Value, claim.DisplayValue, contactId, claim.Verified, firstSeen);
        if (_counts.TryGetValue(contactId, out var counts))
        {
            counts[claim.Type] = counts.GetValueOrDefault(claim.Type) + 1;
        }
    }

    public async ValueTask MarkIdentifierVerifiedAsync(string type, string value)
    {
        await Step();
        if (_graph.Identifiers.TryGetValue((type, value), out var identifier))
        {
            _graph.Identifiers[(type, value)] = identifier with { Verified = true };
        }
    }

    public void MarkChanged(Contact contact) => _changed.Add(contact.Id);

    // The in-memory store keeps no merge history: undoing a merge is the SQL store's (tested on both databases).
    public async ValueTask<MoveCounts> MoveContactAsync(long loserId, long survivorId, MergeHistoryDraft history)
    {
        await Step();
        var now = Now();
        var identifiers = Move(_graph.Identifiers, i => i.ContactId == loserId, i => i with { ContactId = survivorId });
        var activities = Move(_graph.Activities, a => a.ContactId == loserId, a => a with { ContactId = survivorId });
        var links = Move(_graph.Links, l => l.ContactId == loserId, l => l with { ContactId = survivorId });
        foreach (var tombstone in _graph.Contacts.Values.Where(c => c.MergedIntoId == loserId))
        {
            tombstone.MergedIntoId = survivorId; // chains collapse: every old id points straight at the survivor
        }
        var loser = _graph.Contacts[loserId];
        loser.State = ContactState.Merged;
        loser.MergedIntoId = survivorId;
        loser.UpdatedAt = now;
        _loaded.Remove(loserId);
        _changed.Remove(loserId);
        _created.Remove(loserId);
        var pair = (Math.Min(loserId, survivorId), Math.Max(loserId, survivorId));
        if (_graph.Reviews.TryGetValue(pair, out var review) && review.Status == MergeReviewStatus.Pending)
        {
            _graph.Reviews[pair] = review with { Status = MergeReviewStatus.Approved };
        }
        _counts.Remove(loserId);
        _counts.Remove(survivorId);
        return new MoveCounts(identifiers, activities, links);
    }

    private static int Move<TKey, TValue>(Dictionary<TKey, TValue> rows, Func<TValue, bool> whose, Func<TValue, TValue> moved) where TKey : notnull
    {
        var keys = rows.Where(r => whose(r.Value)).Select(r => r.Key).ToList();
        foreach (var key in keys)
        {
            rows[key] = moved(rows[key]);
        }
        return keys.Count;
    }

    public async ValueTask<long> InsertActivityAsync(ActivityDraft a)
    {
        await Step();
        if (_graph.Activities.ContainsKey(a.EventId))
        {
            throw new InMemoryConflictException("event id already stored");
        }
        var id = a.Id ?? _graph.NextActivityId++;
        _graph.Activities[a.EventId] = new StoredActivity(id, a.EventId, a.ContactId, a.Type, a.Source, a.OccurredAt, a.ReceivedAt,
            a.RecordKind, a.RecordId, a.ConversionValue, a.Currency, a.PayloadJson);
        return id;
    }

    public async ValueTask LinkRecordAsync(long contactId, string recordKind, string recordId, DateTime firstSeen)
    {
        await Step();
        _graph.Links.TryAdd((recordKind, recordId), new StoredLink(recordKind, recordId, contactId, firstSeen));
    }

    public ValueTask<long> NextActivityIdAsync() => ValueTask.FromResult(_graph.NextActivityId++);

    public ValueTask<bool> AnyPairRejectedAsync(IReadOnlyList<long> contactIds) =>
        ValueTask.FromResult(_graph.Reviews.Values.Any(r => r.Status == MergeReviewStatus.Rejected
            && contactIds.Contains(r.Low) && contactIds.Contains(r.High)));

    public async ValueTask<bool> QueueReviewAsync(MergeReviewDraft review)
    {
        await Step();
        var pair = (Math.Min(review.PrimaryContactId, review.OtherContactId), Math.Max(review.PrimaryContactId, review.OtherContactId));
        if (_graph.Reviews.ContainsKey(pair))
        {
            return false;
        }
        _graph.Reviews[pair] = new StoredReview(_graph.NextReviewId++, pair.Item1, pair.Item2, review.PrimaryContactId, review.ReasonCode,
            review.Reason, MergeReviewStatus.Pending, review.EvidenceEventId);
        return true;
    }

    ValueTask IAuditWriter.AppendAsync(string actor, string action, string detailsJson)
    {
        _audit.Add(new StoredAudit(Now(), actor, action, detailsJson));
        return ValueTask.CompletedTask;
    }

    public Task CommitAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        foreach (var id in _changed.Concat(_created))
        {
            if (_loaded.TryGetValue(id, out var contact) && _graph.Contacts.TryGetValue(id, out var stored) && stored.State == ContactState.Live)
            {
                _graph.Contacts[id] = InMemoryGraph.Clone(contact);
            }
        }
        _graph.Audit.AddRange(_audit);
        _store.Commit(TenantId, _graph);
        _done = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _done = true; // an uncommitted copy is simply dropped: that is the rollback
        return ValueTask.CompletedTask;
    }

    private DateTime Now() => Timestamps.Normalize(_time.GetUtcNow());

    /// <summary>Every store call yields, as a database round trip would, so concurrent units of work interleave.</summary>
    private async ValueTask Step()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
    }
}

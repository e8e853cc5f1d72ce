using Comerix.Crm.Contacts;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Rows a unit of work has decided to write but not yet sent: new contacts, identifiers, activities and links.
/// They go to the database at commit, table by table (<see cref="RowWriter"/>). A contact id recorded here may
/// have been merged away since; every id passes through the unit of work's forwarding when the rows are written.
/// </summary>
internal sealed class PendingWrites(SqlSession session, CommitStatements sql, string tenantId, Func<long, long> forward)
{
    /// <summary>What the pending rows of one live contact add up to, kept as rows are added and contacts merge.</summary>
    private sealed class Owned
    {
        public Dictionary<string, int> IdentifierTypes { get; } = new(StringComparer.Ordinal);
        public int Activities { get; set; }
        public int Links { get; set; }

        // The rows themselves, for a merge's record (MergeHistoryRow): what the loser moved has to be known to move it back.
        public HashSet<(string Type, string Value)> IdentifierKeys { get; } = [];
        public List<long> ActivityIds { get; } = [];
        public List<(string Kind, string Id)> LinkKeys { get; } = [];
    }

    /// <summary>The pending rows of one live contact, as a merge records them.</summary>
    public sealed record OwnedRows(
        IReadOnlyCollection<(string Type, string Value)> Identifiers, IReadOnlyList<long> Activities, IReadOnlyList<(string Kind, string Id)> Links);

    private sealed class PendingIdentifier(NormalizedClaim claim, long contactId, DateTime firstSeen)
    {
        public NormalizedClaim Claim { get; } = claim;
        public long ContactId { get; } = contactId;
        public bool Verified { get; set; } = claim.Verified;
        public DateTime FirstSeen { get; } = firstSeen;
    }

    private readonly List<Contact> _contacts = [];
    private readonly Dictionary<(string Type, string Value), PendingIdentifier> _identifiers = [];
    private readonly List<(long Id, ActivityDraft Draft)> _activities = [];
    private readonly List<(string Kind, string Id, long ContactId, DateTime FirstSeen)> _links = [];

    // Keyed by live contact id. Counting a contact's pending rows is a lookup, not a scan of the whole unit of
    // work: a scan per merge and per count made large batches quadratic.
    private readonly Dictionary<long, Owned> _owned = [];

    public void AddContact(Contact contact) => _contacts.Add(contact);

    /// <summary>Records a new identifier of <paramref name="contactId"/>, which must be live (forwarded).</summary>
    public void AddIdentifier(long contactId, NormalizedClaim claim, DateTime firstSeen)
    {
        if (_identifiers.TryGetValue((claim.Type, claim.Value), out var replaced))
        {
            // The later claim wins, as the row written would; its count moves with it.
            var previous = OwnedBy(forward(replaced.ContactId));
            previous.IdentifierTypes[claim.Type]--;
            previous.IdentifierKeys.Remove((claim.Type, claim.Value));
        }
        _identifiers[(claim.Type, claim.Value)] = new PendingIdentifier(claim, contactId, firstSeen);
        var owned = OwnedBy(contactId);
        owned.IdentifierTypes[claim.Type] = owned.IdentifierTypes.GetValueOrDefault(claim.Type) + 1;
        owned.IdentifierKeys.Add((claim.Type, claim.Value));
    }

    /// <summary>Marks a not-yet-written identifier verified; false when the identifier is already in the database.</summary>
    public bool TryMarkVerified(string type, string value)
    {
        if (!_identifiers.TryGetValue((type, value), out var pending))
        {
            return false;
        }
        pending.Verified = true;
        return true;
    }

    /// <summary>Records a new activity; its contact, if any, must be live (forwarded).</summary>
    public void AddActivity(long id, ActivityDraft draft)
    {
        _activities.Add((id, draft));
        if (draft.ContactId is { } contactId)
        {
            var owned = OwnedBy(contactId);
            owned.Activities++;
            owned.ActivityIds.Add(id);
        }
    }

    /// <summary>Records a new link to <paramref name="contactId"/>, which must be live (forwarded).</summary>
    public void AddLink(string kind, string recordId, long contactId, DateTime firstSeen)
    {
        _links.Add((kind, recordId, contactId, firstSeen));
        var owned = OwnedBy(contactId);
        owned.Links++;
        owned.LinkKeys.Add((kind, recordId));
    }

    /// <summary>Adds the pending identifiers of the live contact <paramref name="contactId"/> to <paramref name="counts"/>.</summary>
    public void CountIdentifiers(long contactId, Dictionary<string, int> counts)
    {
        if (_owned.TryGetValue(contactId, out var owned))
        {
            foreach (var (type, count) in owned.IdentifierTypes.Where(t => t.Value > 0))
            {
                counts[type] = counts.GetValueOrDefault(type) + count;
            }
        }
    }

    /// <summary>
    /// The loser of a merge hands its pending rows to the survivor: returns how many there were (they move with it;
    /// at write time each row is forwarded to its survivor).
    /// </summary>
    public MoveCounts MoveOwner(long loserId, long survivorId)
    {
        if (!_owned.Remove(loserId, out var loser))
        {
            return new MoveCounts(0, 0, 0);
        }
        var survivor = OwnedBy(survivorId);
        foreach (var (type, count) in loser.IdentifierTypes)
        {
            survivor.IdentifierTypes[type] = survivor.IdentifierTypes.GetValueOrDefault(type) + count;
        }
        survivor.Activities += loser.Activities;
        survivor.Links += loser.Links;
        survivor.IdentifierKeys.UnionWith(loser.IdentifierKeys);
        survivor.ActivityIds.AddRange(loser.ActivityIds);
        survivor.LinkKeys.AddRange(loser.LinkKeys);
        return new MoveCounts(loser.IdentifierTypes.Values.Sum(), loser.Activities, loser.Links);
    }

    /// <summary>The rows not yet written that belong to the live contact <paramref name="contactId"/>.</summary>
    public OwnedRows RowsOf(long contactId) => _owned.TryGetValue(contactId, out var owned)
        ? new OwnedRows([.. owned.IdentifierKeys], [.. owned.ActivityIds], [.. owned.LinkKeys])
        : new OwnedRows([], [], []);

    private Owned OwnedBy(long contactId)
    {
        if (!_owned.TryGetValue(contactId, out var owned))
        {
            _owned[contactId] = owned = new Owned();
        }
        return owned;
    }

    /// <summary>Inserts the new contacts now (a merge needs them in place as foreign-key targets); returns them as written.</summary>
    public async ValueTask<IReadOnlyList<Contact>> FlushContactsAsync()
    {
        if (_contacts.Count == 0)
        {
            return [];
        }
        var rows = new RowWriter(session, tenantId, sql.InsertContacts);
        foreach (var c in _contacts)
        {
            rows.Add(c.Id, c.State.ToCode(), c.MergedIntoId, c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified,
                c.FirstSeen, c.LastSeen, c.TraitsJson, c.CreatedAt, c.UpdatedAt);
        }
        await rows.FlushAsync();
        var written = _contacts.ToList();
        _contacts.Clear();
        return written;
    }

    /// <summary>
    /// Writes the pending identifiers, activities and links, each owned by its contact's survivor; where they make one
    /// statement a table, adds those to <paramref name="batch"/> instead (see <see cref="RowWriter.FlushAsync"/>).
    /// </summary>
    public async ValueTask FlushRowsAsync(List<(string Sql, object?[] Args)> batch)
    {
        var identifiers = new RowWriter(session, tenantId, sql.InsertIdentifiers);
        // In key order: the primary key's leaf pages are then visited one after the other, not at random.
        foreach (var i in _identifiers.OrderBy(i => i.Key.Type, StringComparer.Ordinal).ThenBy(i => i.Key.Value, StringComparer.Ordinal).Select(i => i.Value))
        {
            identifiers.Add(i.Claim.Type, i.Claim.Value, i.Claim.DisplayValue, forward(i.ContactId), ContactState.Live.ToCode(), i.Verified, i.FirstSeen);
        }
        await identifiers.FlushAsync(batch);

        var activities = new RowWriter(session, tenantId, sql.InsertActivities);
        foreach (var (id, a) in _activities)
        {
            activities.Add(id, a.EventId, a.ContactId is { } c ? forward(c) : null, a.Type, a.Source, a.OccurredAt, a.ReceivedAt,
                a.RecordKind, a.RecordId, a.ConversionValue, a.Currency, a.PayloadJson, a.ClaimKeys);
        }
        await activities.FlushAsync(batch);

        var links = new RowWriter(session, tenantId, sql.InsertLinks);
        foreach (var (kind, recordId, contactId, firstSeen) in _links)
        {
            links.Add(kind, recordId, forward(contactId), firstSeen);
        }
        await links.FlushAsync(batch);
    }
}

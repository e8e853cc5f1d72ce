using Comerix.Crm.Contacts;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Identity.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Rows a unit of work has decided to write but not yet sent: new contacts, identifiers, activities and links.
/// They go to the database at commit, table by table (<see cref="RowWriter"/>). A contact id recorded here may
/// have been merged away since; every id passes through the unit of work's forwarding when the rows are written.
/// </summary>
internal sealed class PendingWrites(SqlSession session, CommitStatements sql, string tenantId)
{
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

    public void AddContact(Contact contact) => _contacts.Add(contact);

    public void AddIdentifier(long contactId, NormalizedClaim claim, DateTime firstSeen) =>
        _identifiers[(claim.Type, claim.Value)] = new PendingIdentifier(claim, contactId, firstSeen);

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

    public void AddActivity(long id, ActivityDraft draft) => _activities.Add((id, draft));

    public void AddLink(string kind, string recordId, long contactId, DateTime firstSeen) => _links.Add((kind, recordId, contactId, firstSeen));

    /// <summary>Adds the pending identifiers of <paramref name="contactId"/> to <paramref name="counts"/>.</summary>
    public void CountIdentifiers(long contactId, Func<long, long> forward, Dictionary<string, int> counts)
    {
        foreach (var pending in _identifiers.Values)
        {
            if (forward(pending.ContactId) == contactId)
            {
                counts[pending.Claim.Type] = counts.GetValueOrDefault(pending.Claim.Type) + 1;
            }
        }
    }

    /// <summary>How many pending rows belong to <paramref name="contactId"/>: they move with it in a merge.</summary>
    public MoveCounts CountOwnedBy(long contactId, Func<long, long> forward) => new(
        _identifiers.Values.Count(i => forward(i.ContactId) == contactId),
        _activities.Count(a => a.Draft.ContactId is { } c && forward(c) == contactId),
        _links.Count(l => forward(l.ContactId) == contactId));

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
            rows.Add(c.Id, c.State, c.MergedIntoId, c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified,
                c.FirstSeen, c.LastSeen, c.TraitsJson, c.CreatedAt, c.UpdatedAt);
        }
        await rows.FlushAsync();
        var written = _contacts.ToList();
        _contacts.Clear();
        return written;
    }

    /// <summary>Writes the pending identifiers, activities and links, each owned by its contact's survivor.</summary>
    public async ValueTask FlushRowsAsync(Func<long, long> forward)
    {
        var identifiers = new RowWriter(session, tenantId, sql.InsertIdentifiers);
        foreach (var i in _identifiers.Values)
        {
            identifiers.Add(i.Claim.Type, i.Claim.Value, i.Claim.DisplayValue, forward(i.ContactId), ContactStates.Live, i.Verified, i.FirstSeen);
        }
        await identifiers.FlushAsync();

        var activities = new RowWriter(session, tenantId, sql.InsertActivities);
        foreach (var (id, a) in _activities)
        {
            activities.Add(id, a.EventId, a.ContactId is { } c ? forward(c) : null, a.Type, a.Source, a.OccurredAt, a.ReceivedAt,
                a.RecordKind, a.RecordId, a.ConversionValue, a.Currency, a.PayloadJson);
        }
        await activities.FlushAsync();

        var links = new RowWriter(session, tenantId, sql.InsertLinks);
        foreach (var (kind, recordId, contactId, firstSeen) in _links)
        {
            links.Add(kind, recordId, forward(contactId), firstSeen);
        }
        await links.FlushAsync();
    }
}

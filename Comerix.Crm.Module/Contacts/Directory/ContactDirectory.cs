using Comerix.Crm.Data;
using Comerix.Crm.Data.Search;
using Comerix.Crm.Identity;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// The Contacts list: tiles and one filtered, paged slice, newest activity first. Reads only live contacts,
/// so merged-away tombstones never show or count.
/// </summary>
internal sealed class ContactDirectory(CrmDbContext db, IContactSearch search, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // The tenant id each method takes is the context's (checked by RequireTenant): LINQ reads only its rows through the
    // context's query filter; the raw SQL below names it itself.

    public async Task<ContactTiles> GetTilesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        var kinds = await db.ContactCounts.AsNoTracking().Select(c => new { c.IsIdentified, c.Contacts }).ToListAsync(cancellationToken);
        var total = checked((int)kinds.Sum(k => k.Contacts));
        var identified = checked((int)kinds.Where(k => k.IsIdentified).Sum(k => k.Contacts));
        return new ContactTiles(total, identified, total - identified);
    }

    /// <summary>
    /// The count of a list filtered by audience and source alone, added up from the kept counts
    /// (<see cref="ContactCount"/>) instead of counted (about 100 ms at a million contacts); null for other filters.
    /// </summary>
    private async Task<int?> KeptCountAsync(ContactListQuery query, CancellationToken cancellationToken)
    {
        if (query.EffectiveSearch is not null || query.EffectiveTag is not null || query.EffectiveSeen is not null || query.EffectiveContactable is not null
            || query.EffectiveStage is not null || query.EffectiveOwner is not null || query.EffectiveSegment is not null)
        {
            return null;
        }
        var kinds = db.ContactCounts.AsNoTracking();
        kinds = query.EffectiveAudience switch
        {
            Audiences.Identified => kinds.Where(c => c.IsIdentified),
            Audiences.Anonymous => kinds.Where(c => !c.IsIdentified),
            _ => kinds,
        };
        if (query.EffectiveSource is { } source)
        {
            kinds = kinds.Where(c => c.Source == source);
        }
        return checked((int)(await kinds.Select(c => c.Contacts).ToListAsync(cancellationToken)).Sum());
    }

    public async Task<ContactListPage> ListAsync(string tenantId, ContactListQuery query, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        var contacts = await MatchingAsync(tenantId, query, cancellationToken);
        if (IsDrivenByFewRows(query) && await FewMatchesPageAsync(contacts, query, cancellationToken) is { } few)
        {
            return few;
        }
        var total = await CountAsync(tenantId, query, contacts, cancellationToken);
        var page = PageWithin(query, total);
        var rows = await Rows(InListOrder(contacts).Skip((page - 1) * ContactListQuery.PageSize).Take(ContactListQuery.PageSize))
            .ToListAsync(cancellationToken);
        return new ContactListPage(rows, page, total);
    }

    /// <summary>The most matches <see cref="FewMatchesPageAsync"/> reads at once; beyond, the list counts and pages in the database.</summary>
    private static int FewMatchesLimit(ContactListQuery query) => query.EffectiveSegment is not null ? 30_000 : 10_000;

    /// <summary>
    /// A search: the matches come from an index of their own, not the list's. A segment: its members are found once
    /// (an activity condition's grouping, an any-of's union), where a count and then a page would find them twice
    /// (Bench list, 216k contacts: "at Customer, or three forms in a week, or 300 spent in 30 days", 202 ms p95 → see
    /// docs/performance.md).
    /// </summary>
    private static bool IsDrivenByFewRows(ContactListQuery query) => query.EffectiveSearch is not null || query.EffectiveSegment is not null;

    /// <summary>
    /// The page of a list whose matches are few (up to <see cref="FewMatchesLimit"/>: 10,000, or 30,000 for a segment): each match's id and last-seen time
    /// read in one pass, counted and put in list order here, then the page's rows read by id. Counting and paging in
    /// the database each found the matches again (Bench list, a million contacts: a search common to 3,716 contacts,
    /// 65 ms). Null when there are more.
    /// </summary>
    private async Task<ContactListPage?> FewMatchesPageAsync(IQueryable<Contact> contacts, ContactListQuery query, CancellationToken cancellationToken)
    {
        var limit = FewMatchesLimit(query);
        var matches = await contacts.Select(c => new { c.Id, c.LastSeen }).Take(limit + 1).ToListAsync(cancellationToken);
        if (matches.Count > limit)
        {
            return null;
        }
        var page = PageWithin(query, matches.Count);
        var ids = matches.OrderByDescending(m => m.LastSeen).ThenByDescending(m => m.Id)
            .Skip((page - 1) * ContactListQuery.PageSize).Take(ContactListQuery.PageSize).Select(m => m.Id).ToList();
        var rows = (await Rows(LiveContacts().Where(c => ids.Contains(c.Id))).ToListAsync(cancellationToken)).ToDictionary(r => r.Id);
        // A contact merged away or erased between the two reads is left out of the page.
        return new ContactListPage(ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList(), page, matches.Count);
    }

    private static int PageWithin(ContactListQuery query, int total) =>
        Math.Min(query.EffectivePage, Math.Max(1, (total + ContactListQuery.PageSize - 1) / ContactListQuery.PageSize));

    private static IQueryable<ContactListRow> Rows(IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactListRow(c.Id, c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified, c.LastSeen,
            EF.Property<bool>(c, ContactColumns.MarkedDoNotContact), EF.Property<string?>(c, ContactColumns.Stage), EF.Property<string?>(c, ContactColumns.Owner)));

    /// <summary>How many contacts the filters match (every page).</summary>
    public async Task<int> CountAsync(string tenantId, ContactListQuery query, CancellationToken cancellationToken = default) =>
        await CountAsync(tenantId, query, await MatchingAsync(tenantId, query, cancellationToken), cancellationToken);

    /// <param name="matching">The query's contacts, when the caller has built them already (the list, for its page).</param>
    private async Task<int> CountAsync(string tenantId, ContactListQuery query, IQueryable<Contact> matching, CancellationToken cancellationToken)
    {
        if (await KeptCountAsync(query, cancellationToken) is { } kept)
        {
            return kept;
        }
        if (query.EffectiveSeen is { Before: true } before && await KeptCountAsync(query with { Seen = null }, cancellationToken) is { } inAudience)
        {
            // "Not seen for 90 days" is everyone less those seen since: a count of the recent end of the list index
            // instead of its long tail (at a million contacts mostly long gone, about 100 ms).
            var since = SeenWindows.All.First(w => !w.Before && w.Days == before.Days);
            return inAudience - await (await MatchingAsync(tenantId, query with { Seen = since.Value }, cancellationToken)).CountAsync(cancellationToken);
        }
        if (query.EffectiveContactable == true)
        {
            // Everyone matching less the marked: a count over the list index alone (or the kept counts), then one over
            // the marked's partial index, instead of reading every contact's row to test its id (Bench list, 216k
            // contacts: 267 ms → 30 ms).
            var everyone = await CountAsync(tenantId, query with { Contactable = null }, cancellationToken);
            var marked = await (await MatchingAsync(tenantId, query with { Contactable = "no" }, cancellationToken)).CountAsync(cancellationToken);
            return Math.Max(0, everyone - marked);
        }
        if (query.EffectiveOwner == ContactListQuery.Nobody || query.EffectiveStage == ContactListQuery.Nobody)
        {
            // "Unassigned" and "no stage" are everyone less those who have one: the others are a range of their own
            // partial index, where testing each contact's row for "none" reads them all.
            var everyone = await CountAsync(tenantId, query with
            {
                Owner = query.EffectiveOwner == ContactListQuery.Nobody ? null : query.Owner,
                Stage = query.EffectiveStage == ContactListQuery.Nobody ? null : query.Stage,
            }, cancellationToken);
            var holding = await (await MatchingAsync(tenantId, query, cancellationToken, invertNobody: true)).CountAsync(cancellationToken);
            return Math.Max(0, everyone - holding);
        }
        return await matching.CountAsync(cancellationToken);
    }

    /// <summary>The ids of every contact the filters match, every page (bulk actions on "everyone in this list").</summary>
    public async Task<List<long>> IdsAsync(string tenantId, ContactListQuery query, CancellationToken cancellationToken = default) =>
        await (await MatchingAsync(tenantId, query, cancellationToken)).Select(c => c.Id).ToListAsync(cancellationToken);

    /// <summary>Each contact marked do not contact, with the reason's code (the CSV export's column), read once.</summary>
    public Task<Dictionary<long, string>> DoNotContactReasonsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        return db.DoNotContact.AsNoTracking().ToDictionaryAsync(d => d.ContactId, d => d.Reason, cancellationToken);
    }

    /// <summary>
    /// The stage key and owner of every live contact that has either, read once (the CSV export's columns): each from
    /// its own partial index, where one query for "either" would read every contact's row.
    /// </summary>
    public async Task<Dictionary<long, (string? Stage, string? Owner)>> WorkByContactAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        var live = db.Contacts.AsNoTracking().Where(c => c.State == ContactState.Live);
        var staged = await live.Where(c => EF.Property<string?>(c, ContactColumns.Stage) != null)
            .Select(c => new { c.Id, Value = EF.Property<string>(c, ContactColumns.Stage) }).ToListAsync(cancellationToken);
        var owned = await live.Where(c => EF.Property<string?>(c, ContactColumns.Owner) != null)
            .Select(c => new { c.Id, Value = EF.Property<string>(c, ContactColumns.Owner) }).ToListAsync(cancellationToken);
        var work = staged.ToDictionary(s => s.Id, s => ((string?)s.Value, (string?)null));
        foreach (var o in owned)
        {
            work[o.Id] = (work.GetValueOrDefault(o.Id).Item1, o.Value);
        }
        return work;
    }

    /// <summary>Every contact the filters match, every page, in the list's order, read as they stream (the CSV export).</summary>
    public async IAsyncEnumerable<Contact> StreamAsync(
        string tenantId, ContactListQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var contact in InListOrder(await MatchingAsync(tenantId, query, cancellationToken)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return contact;
        }
    }

    /// <param name="invertNobody">"No owner" and "no stage" read as "some owner", "some stage" (counting the others).</param>
    private async Task<IQueryable<Contact>> MatchingAsync(string tenantId, ContactListQuery query, CancellationToken cancellationToken, bool invertNobody = false)
    {
        db.RequireTenant(tenantId);
        return Filter(await SearchedAsync(tenantId, query.EffectiveSearch, cancellationToken), query, invertNobody);
    }

    private static IOrderedQueryable<Contact> InListOrder(IQueryable<Contact> contacts) =>
        contacts.OrderByDescending(c => c.LastSeen).ThenByDescending(c => c.Id);

    private IQueryable<Contact> LiveContacts() => db.Contacts.AsNoTracking().Where(c => c.State == ContactState.Live);

    /// <summary>
    /// A search matches the contact's own name, email, phone and company ("contains"), and, so that people stay
    /// findable after merges and by what support staff hold, the start of any email, phone, customer id, external
    /// reference (with or without its namespace), conversation id or visitor id they hold. How "contains" is found
    /// differs by database (<see cref="IContactSearch"/>: SQLite's trigram index, LIKE elsewhere). Identifiers are
    /// matched as key ranges of an index, never by a scan.
    /// </summary>
    private async Task<IQueryable<Contact>> SearchedAsync(string tenantId, string? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return LiveContacts();
        }
        // Few contacts hold an identifier starting with what was typed: read them first (a key range), then join.
        var byIdentifier = await IdentifierPrefixMatchesAsync(tenantId, text, cancellationToken);
        return await search.FindAsync(db, tenantId, text, byIdentifier, cancellationToken);
    }

    /// <summary>
    /// Contacts holding an identifier that starts with what was typed (three characters or more). One key range of
    /// the identifiers' primary key per type: asked as one statement with OR and DISTINCT, SQLite walked the
    /// contact index instead (0.4 s on 216,317 contacts against about 1 ms).
    /// </summary>
    private async Task<List<long>> IdentifierPrefixMatchesAsync(string tenantId, string typed, CancellationToken cancellationToken)
    {
        var text = typed.Trim();
        var found = new HashSet<long>();
        if (text.Length < 3)
        {
            return [];
        }
        // Emails are stored lower-cased, phones as E.164, external references with their namespace lower-cased (and
        // social handles wholly), customer, conversation and visitor ids as given.
        var lower = text.ToLowerInvariant();
        var ranges = new List<(string Type, string From)>
        {
            (IdentifierTypes.Email, lower), (IdentifierTypes.CustomerId, text), (IdentifierTypes.ExternalRef, lower),
            (IdentifierTypes.ConversationId, text), (IdentifierTypes.VisitorId, text),
        };
        if (text.IndexOf(':') is > 0 and var colon && text[..colon].ToLowerInvariant() + text[colon..] is var typedRef && typedRef != lower)
        {
            ranges.Add((IdentifierTypes.ExternalRef, typedRef));
        }
        var digits = ContactSearchTerms.PhoneDigits(text);
        if (text.StartsWith('+') && digits is not null)
        {
            ranges.Add((IdentifierTypes.Phone, "+" + digits));
        }
        // At most 1,000 per range: a short prefix shared by thousands is a search for the contacts' own fields,
        // which the text search finds anyway.
        foreach (var (type, from) in ranges.Distinct())
        {
            var to = from + "\uffff";
            found.UnionWith(await db.Identifiers.AsNoTracking()
                .Where(i => i.Type == type && string.Compare(i.Value, from) >= 0 && string.Compare(i.Value, to) < 0)
                .Select(i => i.ContactId).Take(1_000).ToListAsync(cancellationToken));
        }
        // An external reference by its value alone ("1234" for shopify:1234): the value as typed, lower-cased (handles),
        // and as E.164 for the messaging channels' phone numbers ("4915…" for whatsapp:+4915…).
        string[] values = [text, lower, .. digits is null ? Array.Empty<string>() : ["+" + digits]];
        foreach (var from in values.Distinct())
        {
            found.UnionWith(await search.ReferenceValueMatches(db, tenantId, from).ToListAsync(cancellationToken));
        }
        return found.ToList();
    }

    private IQueryable<Contact> Filter(IQueryable<Contact> contacts, ContactListQuery query, bool invertNobody = false)
    {
        if (query.EffectiveSegment is not null)
        {
            // A segment that could not be read matches nobody: never everyone its conditions were meant to narrow.
            contacts = query.SegmentRule is { } segment
                ? contacts.Where(Segments.SegmentFilter.Predicate(db, segment, query.Me, _time.GetUtcNow().UtcDateTime))
                : contacts.Where(_ => false);
        }
        contacts = WorkFilter(contacts, ContactColumns.Stage, query.EffectiveStage == ContactListQuery.Nobody, query.EffectiveStage, invertNobody);
        contacts = WorkFilter(contacts, ContactColumns.Owner, query.EffectiveOwner == ContactListQuery.Nobody,
            query.EffectiveOwner is null ? null : query.OwnerName ?? "", invertNobody);
        if (query.EffectiveTag is { } tag)
        {
            // Through the tag's index (tenant, key, contact): few contacts carry a given tag.
            contacts = contacts.Where(c => db.ContactTags.Any(t => t.Key == tag && t.ContactId == c.Id));
        }
        contacts = query.EffectiveAudience switch
        {
            Audiences.Identified => contacts.Where(c => c.IsIdentified),
            Audiences.Anonymous => contacts.Where(c => !c.IsIdentified),
            _ => contacts,
        };
        if (query.EffectiveContactable == false)
        {
            // The marked, newest first: a range of their own partial index, whose copy of the mark the marks' triggers keep.
            contacts = contacts.MarkedDoNotContactOnly();
        }
        else if (query.EffectiveContactable == true)
        {
            // "id NOT IN (the tenant's marks)": the marks are read once into a lookup while the list index is walked,
            // where testing the contact's own copy of the mark would read each contact's row.
            var marked = db.DoNotContact.Select(d => d.ContactId);
            contacts = contacts.Where(c => !marked.Contains(c.Id));
        }
        if (query.EffectiveSeen is { } seen)
        {
            // A range on the list index's last_seen column, which every filter already walks.
            var cutoff = seen.Cutoff(_time.GetUtcNow().UtcDateTime);
            contacts = seen.Before ? contacts.Where(c => c.LastSeen < cutoff) : contacts.Where(c => c.LastSeen >= cutoff);
        }
        return query.EffectiveSource is { } source ? contacts.Where(c => c.Source == source) : contacts;
    }

    /// <summary>
    /// A stage or owner filter: a value is a range of the column's partial index; "nobody" tests the column for null
    /// (or, <paramref name="invertNobody"/>, not null: how "nobody" is counted). An owner filter for "me" with nobody
    /// reading matches nobody ("" is no user's name).
    /// </summary>
    private static IQueryable<Contact> WorkFilter(IQueryable<Contact> contacts, string column, bool nobody, string? value, bool invertNobody)
    {
        if (nobody)
        {
            return invertNobody
                ? contacts.Where(c => EF.Property<string?>(c, column) != null)
                : contacts.Where(c => EF.Property<string?>(c, column) == null);
        }
        return value is null ? contacts : contacts.Where(c => EF.Property<string?>(c, column) == value);
    }
}

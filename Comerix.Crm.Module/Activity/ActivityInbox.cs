using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Activity;

/// <summary>
/// The cross-customer Activity inbox: the newest events first (the activity primary key is arrival order), today's
/// tiles, and the preview of one event's customer.
/// </summary>
internal sealed class ActivityInbox(CrmDbContext db)
{
    public const int StreamSize = 100;

    /// <summary>The chips: a filter value and the activity type it selects (null: all).</summary>
    public static IReadOnlyList<(string Value, string Label, string? Type)> Chips { get; } =
    [
        ("all", "All", null),
        ("conversations", "Conversations", ActivityTypes.Conversation),
        ("forms", "Forms", ActivityTypes.Form),
        ("conversions", "Conversions", ActivityTypes.Conversion),
        ("telemetry", "Telemetry", ActivityTypes.Telemetry),
        ("notes", "Notes", ActivityTypes.Note),
        ("merges", "Merges", ActivityTypes.Merge),
        ("stages", "Stage changes", ActivityTypes.StageChange),
        ("owners", "Owner changes", ActivityTypes.OwnerChange),
    ];

    public sealed record StreamRow(ContactActivity Activity, long ContactId, string ContactName, bool IsIdentified);

    /// <param name="CountedThrough">The newest event id when the tiles were counted: the live refresh recounts only once a newer one arrived.</param>
    public sealed record Tiles(int EventsToday, int NewContactsToday, int ConversionsToday, long CountedThrough);

    public sealed record Preview(ContactActivity Selected, Contact Contact, IReadOnlyList<Identifier> Identifiers, IReadOnlyList<ContactActivity> Recent);

    /// <param name="afterId">Only events newer than this (the live refresh asks for what arrived since).</param>
    public async Task<IReadOnlyList<StreamRow>> StreamAsync(
        string tenantId, string? chip, bool showAnonymous, long? afterId = null, CancellationToken cancellationToken = default)
    {
        var type = Chips.FirstOrDefault(c => c.Value == chip).Type;
        var activities = db.InTenant(tenantId).Activities.AsNoTracking();
        if (type is not null)
        {
            activities = activities.Where(a => a.Type == type);
        }
        if (afterId is { } after)
        {
            activities = activities.Where(a => a.Id > after);
        }
        var rows = activities
            .Join(db.Contacts, a => new { a.TenantId, Id = a.ContactId!.Value }, c => new { c.TenantId, c.Id }, (a, c) => new { a, c })
            .Where(x => showAnonymous || x.c.IsIdentified);
        var page = await rows.OrderByDescending(x => x.a.Id).Take(StreamSize)
            .Select(x => new { x.a, x.c.Id, x.c.DisplayName, x.c.Email, x.c.Phone, x.c.IsIdentified })
            .ToListAsync(cancellationToken);
        // The newest arrivals, shown in the order they happened: a late event (a backfill, a client's retry) takes its
        // place by its time instead of sitting on top with an older date.
        return page.Select(x => new StreamRow(x.a, x.Id, ContactNames.Display(x.DisplayName, x.Email, x.Phone, x.Id), x.IsIdentified))
            .OrderByDescending(r => r.Activity.OccurredAt).ThenByDescending(r => r.Activity.Id).ToList();
    }

    /// <summary>The newest event id of the tenant (a primary-key lookup): whether anything arrived since the tiles were counted.</summary>
    public async Task<long> LatestActivityIdAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await db.InTenant(tenantId).Activities.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;

    /// <summary>
    /// Today's tiles from the quarter-hour counts the unit of work keeps (<see cref="ActivityCount"/>): a day is at
    /// most 96 small rows, whatever its traffic. A start that is not on a quarter hour (no time zone's midnight) counts
    /// its first part from the rows.
    /// </summary>
    public async Task<Tiles> GetTilesAsync(string tenantId, DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        // The newest id first: whatever committed before it is in the counts read next, so the live refresh (which
        // recounts once a newer id exists) counts an event arriving meanwhile now or on the next refresh, never not at all.
        var latest = await LatestActivityIdAsync(tenantId, cancellationToken);
        var since = DateTime.SpecifyKind(sinceUtc, DateTimeKind.Utc);
        var firstWhole = ActivityCount.BucketOf(since) == since ? since : ActivityCount.BucketOf(since) + ActivityCount.BucketLength;
        var quarters = await db.InTenant(tenantId).ActivityCounts.AsNoTracking()
            .Where(c => c.BucketStart >= firstWhole)
            .Select(c => new { c.Events, c.Conversions, c.NewContacts })
            .ToListAsync(cancellationToken);
        var head = firstWhole > since ? await CountRowsAsync(tenantId, since, firstWhole, latest, cancellationToken) : default;
        return new Tiles(
            checked((int)(quarters.Sum(q => q.Events) + head.Events)),
            checked((int)(quarters.Sum(q => q.NewContacts) + head.NewContacts)),
            checked((int)(quarters.Sum(q => q.Conversions) + head.Conversions)),
            latest);
    }

    private readonly record struct RowCounts(long Events, long Conversions, long NewContacts);

    /// <summary>The rows of [from, to): less than a quarter hour's, found by primary-key ranges.</summary>
    private async Task<RowCounts> CountRowsAsync(string tenantId, DateTime from, DateTime to, long latest, CancellationToken cancellationToken)
    {
        var firstActivity = await FirstActivityIdSinceAsync(from, latest, cancellationToken);
        var pastActivity = await FirstActivityIdSinceAsync(to, latest, cancellationToken);
        var activities = db.InTenant(tenantId).Activities.AsNoTracking().Where(a => a.Id >= firstActivity && a.Id < pastActivity);
        var firstContact = await FirstContactIdSinceAsync(tenantId, from, cancellationToken);
        var pastContact = await FirstContactIdSinceAsync(tenantId, to, cancellationToken);
        return new RowCounts(
            await activities.CountAsync(cancellationToken),
            await activities.CountAsync(a => a.Type == ActivityTypes.Conversion, cancellationToken),
            await db.Contacts.AsNoTracking().CountAsync(c => c.Id >= firstContact && c.Id < pastContact && c.State == ContactState.Live, cancellationToken));
    }

    public async Task<Preview?> PreviewAsync(string tenantId, long activityId, CancellationToken cancellationToken = default)
    {
        var selected = await db.InTenant(tenantId).Activities.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == activityId, cancellationToken);
        if (selected?.ContactId is not { } contactId)
        {
            return null;
        }
        var contact = await db.Contacts.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == contactId && c.State == ContactState.Live, cancellationToken);
        if (contact is null)
        {
            return null;
        }
        var identifiers = (await db.Identifiers.AsNoTracking()
                .Where(i => i.ContactId == contactId).ToListAsync(cancellationToken))
            .OrderBy(i => i.Type, StringComparer.Ordinal).ToList();
        var recent = await db.Activities.AsNoTracking()
            .Where(a => a.ContactId == contactId)
            .OrderByDescending(a => a.OccurredAt).Take(8).ToListAsync(cancellationToken);
        return new Preview(selected, contact, identifiers, recent);
    }

    // A time without an index on arrival time: ids grow with arrival, so the first id since then is found by a
    // binary search over the primary key (a few dozen point reads), then counts are primary-key ranges.
    private Task<long> FirstActivityIdSinceAsync(DateTime since, long latest, CancellationToken cancellationToken) =>
        FirstIdSinceAsync(mid => db.Activities.AsNoTracking()
            .Where(a => a.Id >= mid).OrderBy(a => a.Id)
            .Select(a => new IdAt(a.Id, a.ReceivedAt)).FirstOrDefaultAsync(cancellationToken), latest, since);

    private async Task<long> FirstContactIdSinceAsync(string tenantId, DateTime since, CancellationToken cancellationToken)
    {
        var maxId = await db.InTenant(tenantId).Contacts.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        return await FirstIdSinceAsync(mid => db.Contacts.AsNoTracking()
            .Where(c => c.Id >= mid).OrderBy(c => c.Id)
            .Select(c => new IdAt(c.Id, c.CreatedAt)).FirstOrDefaultAsync(cancellationToken), maxId, since);
    }

    private sealed record IdAt(long Id, DateTime At);

    private static async Task<long> FirstIdSinceAsync(Func<long, Task<IdAt?>> firstAtOrAfter, long maxId, DateTime since)
    {
        long low = 0, high = maxId + 1, best = maxId + 1;
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            var row = await firstAtOrAfter(mid);
            if (row is null)
            {
                high = mid;
            }
            else if (row.At >= since)
            {
                best = Math.Min(best, row.Id);
                high = mid;
            }
            else
            {
                low = row.Id + 1;
            }
        }
        return best;
    }
}

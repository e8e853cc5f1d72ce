using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// The audit log, newest first, narrowed by what was done, who did it and between which days (in the site's time
/// zone); and on request a verification of its whole chain.
/// </summary>
[Authorize(Policy = CrmPermissions.ViewAuditLogName)]
internal sealed class AuditModel(CrmDbContext db, AuditVerifier verifier, SiteTime siteTime) : CrmAdminPageModel
{
    public const int PageSize = 50;

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool Verify { get; set; }

    /// <summary>An action code (<see cref="AuditActions"/>).</summary>
    [BindProperty(Name = "type", SupportsGet = true)]
    public string? ActionFilter { get; set; }

    /// <summary>Part of the actor's name, without regard to case.</summary>
    [BindProperty(Name = "actor", SupportsGet = true)]
    public string? ActorFilter { get; set; }

    /// <summary>First and last day shown, both included, as yyyy-MM-dd (what a date box sends).</summary>
    [BindProperty(Name = "from", SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(Name = "to", SupportsGet = true)]
    public string? To { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public long Total { get; private set; }

    public AuditVerification? Verification { get; private set; }

    /// <summary>Filter values the page could not use (a hand-edited link), each named; they are left out.</summary>
    public List<string> FilterProblems { get; } = [];

    public bool IsFiltered { get; private set; }

    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var entries = Filtered(db.InTenant(TenantId).AuditEntries.AsNoTracking());
        if (IsFiltered)
        {
            Total = await entries.LongCountAsync(cancellationToken);
            // A page past the last (a hand-edited link) shows the last, and its offset cannot overflow.
            PageNumber = Math.Min(PageNumber, PageCount);
            Entries = await entries.OrderByDescending(e => e.Sequence).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        }
        else
        {
            var head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
            Total = head?.LastSequence ?? 0;
            PageNumber = Math.Min(PageNumber, PageCount);
            // Sequences are dense, so a page of the whole log is a key range: no count, no offset scan.
            var top = Total - (PageNumber - 1L) * PageSize;
            Entries = await entries.Where(e => e.Sequence <= top && e.Sequence > top - PageSize)
                .OrderByDescending(e => e.Sequence).ToListAsync(cancellationToken);
        }
        if (Verify)
        {
            Verification = await verifier.VerifyAsync(TenantId, cancellationToken: cancellationToken);
        }
    }

    /// <summary>The filters on screen, for the pager's links.</summary>
    public Dictionary<string, string?> RouteWith(int page) => new()
    {
        ["type"] = ActionFilter, ["actor"] = ActorFilter, ["from"] = From, ["to"] = To, ["p"] = page == 1 ? null : page.ToString(),
    };

    private IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> entries)
    {
        if (!string.IsNullOrWhiteSpace(ActionFilter))
        {
            if (AuditText.KnownActions.Contains(ActionFilter.Trim()))
            {
                var type = ActionFilter.Trim();
                entries = entries.Where(e => e.Action == type);
                IsFiltered = true;
            }
            else
            {
                FilterProblems.Add($"The action \u201C{ActionFilter}\u201D is not one the log records; showing every action.");
            }
        }
        if (!string.IsNullOrWhiteSpace(ActorFilter))
        {
            var actor = ActorFilter.Trim().ToLowerInvariant();
            // ToLower().Contains, not Contains(actor, StringComparison): EF translates this one to SQL on both providers.
#pragma warning disable CA1862
            entries = entries.Where(e => e.Actor.ToLower().Contains(actor));
#pragma warning restore CA1862
            IsFiltered = true;
        }
        if (Day(From, "from") is { } from)
        {
            var start = StartOf(from);
            entries = entries.Where(e => e.At >= start);
            IsFiltered = true;
        }
        if (Day(To, "to") is { } to)
        {
            // The calendar's last day has no next day to stop before: up to its end is everything.
            if (to < DateOnly.MaxValue)
            {
                var end = StartOf(to.AddDays(1));
                entries = entries.Where(e => e.At < end);
            }
            IsFiltered = true;
        }
        return entries;
    }

    private DateOnly? Day(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var day))
        {
            return day;
        }
        FilterProblems.Add($"The {name} date \u201C{value}\u201D is not a date like 2026-12-03; it was left out.");
        return null;
    }

    /// <summary>
    /// The UTC instant a day starts in the site's zone (a day starting inside a clock change starts when the clock
    /// allows). The first day of the calendar starts before it in a zone east of UTC: the calendar's first instant
    /// stands in, as nothing in the log is older.
    /// </summary>
    private DateTime StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (siteTime.Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        var utc = local.Ticks - siteTime.Zone.GetUtcOffset(local).Ticks;
        return new DateTime(Math.Clamp(utc, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
    }
}

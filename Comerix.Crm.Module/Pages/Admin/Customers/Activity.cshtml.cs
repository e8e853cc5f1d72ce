using Comerix.Crm.Activity;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// The Activity inbox: today's tiles, type chips, anonymous activity hidden unless <c>?anon=1</c>, the newest 100
/// events, and the customer of the selected event (<c>?selected=</c>) in the right pane.
/// </summary>
[Authorize(Policy = CrmPermissions.ViewName)]
internal sealed class ActivityModel(ActivityInbox inbox, RecordLinks links, TimeProvider time, SiteTime siteTime) : CrmAdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Anon { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Selected { get; set; }

    public string Chip => ActivityInbox.Chips.Any(c => c.Value == Type) ? Type! : "all";

    public bool ShowAnonymous => Anon == 1;

    public IReadOnlyList<ActivityInbox.StreamRow> Stream { get; private set; } = [];

    public ActivityInbox.Tiles Tiles { get; private set; } = new(0, 0, 0, 0);

    public ActivityInbox.Preview? Preview { get; private set; }

    public RecordLinks Links => links;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stream = await inbox.StreamAsync(TenantId, Chip, ShowAnonymous, cancellationToken: cancellationToken);
        Tiles = await inbox.GetTilesAsync(TenantId, siteTime.StartOfTodayUtc(time.GetUtcNow()), cancellationToken);
        if (Selected is { } selected)
        {
            Preview = await inbox.PreviewAsync(TenantId, selected, cancellationToken);
        }
    }

    /// <summary>
    /// The live refresh: rows newer than <paramref name="after"/> under the same filters, newest first, and the tiles
    /// recounted in the same response whenever an event newer than <paramref name="counted"/> (what the page's tiles
    /// counted through) exists. The tiles are counted after the rows are read, so they always include the rows shown.
    /// </summary>
    public async Task<IActionResult> OnGetNewerAsync(long after, long? counted, CancellationToken cancellationToken)
    {
        Stream = await inbox.StreamAsync(TenantId, Chip, ShowAnonymous, after, cancellationToken);
        if (await inbox.LatestActivityIdAsync(TenantId, cancellationToken) > (counted ?? 0))
        {
            Tiles = await inbox.GetTilesAsync(TenantId, siteTime.StartOfTodayUtc(time.GetUtcNow()), cancellationToken);
            RefreshedTiles = true;
        }
        return Partial("_ActivityNewer", this);
    }

    /// <summary>Whether the live refresh recounted the tiles (and so sends them with its rows).</summary>
    public bool RefreshedTiles { get; private set; }

    /// <summary>The link for a chip or the toggle: the other filters (and the selection) are kept.</summary>
    public string Link(string? chip = null, bool? anon = null, long? selected = null)
    {
        var c = chip ?? Chip;
        // Null values are left out of the address: the plain inbox is just its path.
        return Url.Page("/Admin/Customers/Activity", new RouteValueDictionary
        {
            ["type"] = c == "all" ? null : c,
            ["anon"] = (anon ?? ShowAnonymous) ? 1 : null,
            ["selected"] = selected ?? Selected,
        })!;
    }
}

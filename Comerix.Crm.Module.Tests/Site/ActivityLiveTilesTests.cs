using System.Net;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>The Activity inbox's live refresh sends the tiles with the rows, recounted whenever anything newer arrived.</summary>
public sealed class ActivityLiveTilesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task TheLiveRefreshSendsTheTilesWithTheRowsOnlyWhenSomethingNewerArrived()
    {
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);
        var (page, _) = await TilesAsync(client, "/admin/customers/activity");
        var latest = page.QuerySelector("#activity-stream")!.GetAttribute("data-latest");
        var counted = page.QuerySelector("#activity-tiles")!.GetAttribute("data-counted-through");
        var conversions = Count(page, "tile-conversions-today");
        var events = Count(page, "tile-events-today");

        // Nothing new: an empty answer, the tiles are not recounted.
        var idle = await client.GetAsync($"/admin/customers/activity?handler=newer&after={latest}&counted={counted}");
        Assert.Equal(HttpStatusCode.OK, idle.StatusCode);
        Assert.Equal("", (await idle.Content.ReadAsStringAsync()).Trim());

        // A conversion arrives today: its row and the tiles that count it come in one answer.
        var tag = "t" + Guid.NewGuid().ToString("N")[..8];
        await site.IngestAsync(Conversion($"{tag}-1", DateTimeOffset.UtcNow, 12m, Email($"{tag}@site.test")));
        var (fresh, html) = await TilesAsync(client, $"/admin/customers/activity?handler=newer&after={latest}&counted={counted}");
        Assert.Single(fresh.QuerySelectorAll("li[data-activity-id]"));
        Assert.Equal(conversions + 1, Count(fresh, "tile-conversions-today"));
        Assert.True(long.Parse(fresh.QuerySelector("#activity-tiles")!.GetAttribute("data-counted-through")!) > long.Parse(counted!), html);

        // An arrival the filters hide (telemetry under the Conversions chip) still recounts the tiles, without a row.
        var recounted = fresh.QuerySelector("#activity-tiles")!.GetAttribute("data-counted-through");
        var newest = fresh.QuerySelector("li[data-activity-id]")!.GetAttribute("data-activity-id");
        await site.IngestAsync(Telemetry($"{tag}-2", DateTimeOffset.UtcNow, Email($"{tag}@site.test")));
        var (hidden, _) = await TilesAsync(client, $"/admin/customers/activity?type=conversions&handler=newer&after={newest}&counted={recounted}");
        Assert.Empty(hidden.QuerySelectorAll("li[data-activity-id]"));
        Assert.Equal(conversions + 1, Count(hidden, "tile-conversions-today"));
        Assert.Equal(events + 2, Count(hidden, "tile-events-today"));
        Assert.True(long.Parse(hidden.QuerySelector("#activity-tiles")!.GetAttribute("data-counted-through")!) > long.Parse(recounted!));
    }

    private static async Task<(AngleSharp.Html.Dom.IHtmlDocument Page, string Html)> TilesAsync(SiteClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return (SiteClient.Parse(html), html);
    }

    private static int Count(AngleSharp.Html.Dom.IHtmlDocument page, string tile) =>
        int.Parse(page.QuerySelector($"[data-testid={tile}]")!.TextContent.Replace(",", ""));
}

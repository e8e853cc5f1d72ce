using System.Globalization;
using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>The Activity inbox's tiles follow the rows that arrive live, without a reload. Saves a screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ActivityBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task EveryConversionThatArrivesAsARowIsCountedInTheTilesAtOnce()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync("/admin/customers/activity?type=conversions&anon=1");
        var conversions = await CountAsync(page, "tile-conversions-today");
        var events = await CountAsync(page, "tile-events-today");
        var loadedAt = page.Url;

        // Two conversions a few seconds apart: each one's row and its count arrive together, the second as well as
        // the first (the tiles used to be asked for at most twice a minute, so the second stayed uncounted).
        for (var i = 1; i <= 2; i++)
        {
            var buyer = $"Tile Buyer {i}";
            await browser.Site.IngestAsync(Conversion($"browser-tiles-{i}", DateTimeOffset.UtcNow, 40m + i, Email($"tile.buyer.{i}@tiles.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = buyer },
            });
            await Expect(page.Locator(".stream-row").First).ToContainTextAsync(buyer, new() { Timeout = 10_000 });
            await Expect(page.GetByTestId("tile-conversions-today")).ToHaveTextAsync(Format(conversions + i), new() { Timeout = 4_000 });
            await Expect(page.GetByTestId("tile-events-today")).ToHaveTextAsync(Format(events + i));
        }
        Assert.Equal(loadedAt, page.Url);
        Assert.Equal(2, await page.Locator(".stream-row.is-new").CountAsync());
        await BrowserSite.ScreenshotAsync(page, "20-activity-tiles-live");
    }

    private static async Task<int> CountAsync(IPage page, string tile) =>
        int.Parse((await page.GetByTestId(tile).TextContentAsync())!.Replace(",", ""), CultureInfo.InvariantCulture);

    private static string Format(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}

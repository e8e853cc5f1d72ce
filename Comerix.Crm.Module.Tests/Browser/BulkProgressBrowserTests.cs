using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A manager moves everyone in a list of 1,200 people to a stage: the confirmation page shows the run's progress
/// while it works, then the list says what was done.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BulkProgressBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task ALongBulkChangeShowsItsProgressThenTheListSaysWhatWasDone()
    {
        var word = "r" + Guid.NewGuid().ToString("N")[..6];
        await browser.Site.IngestAsync(Enumerable.Range(0, 1_200).Select(i => Form($"{word}-{i}", Day1, Email($"p{i}.{word}@progress.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Person {i} {word}" },
        }).ToArray());
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync($"/admin/customers/bulk-work?audience=all&q={word}");
        await Expect(page.GetByTestId("bulk-reach")).ToContainTextAsync("all 1,200 contacts in this list");
        await page.Locator("#bulk-stage").SelectOptionAsync(new SelectOptionValue { Label = "Opportunity" });
        await page.GetByTestId("bulk-set-stage").ClickAsync();
        // The run's progress shows under the form while the post works (as soon as it is sent: "Starting…", then counts).
        await Expect(page.GetByTestId("bulk-progress")).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "87-bulk-change-progress");
        try
        {
            await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Moved 1,200 contacts to Opportunity.", new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            await BrowserSite.ScreenshotAsync(page, "87-bulk-change-progress-failed");
            throw new Xunit.Sdk.XunitException($"No list saying what was done at {page.Url}: {await page.Locator("main").InnerTextAsync()}");
        }
        Assert.Contains($"q={word}", page.Url);
        await BrowserSite.ScreenshotAsync(page, "88-bulk-change-done");
    }
}

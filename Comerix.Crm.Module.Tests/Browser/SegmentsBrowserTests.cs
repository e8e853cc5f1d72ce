using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A manager builds a segment: picks what each condition tests (the row shows the inputs that test needs), watches
/// the count follow what is typed, adds an activity condition, saves, and lands on the list of its members; at
/// desktop and phone widths.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SegmentsBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerBuildsASegmentWatchingItsCountAndOpensItsMembers()
    {
        var word = "g" + Guid.NewGuid().ToString("N")[..6];
        var recent = DateTimeOffset.UtcNow.AddDays(-2);
        foreach (var who in new[] { "Ada Lovelace", "Alan Turing", "Grace Hopper" })
        {
            var first = who.Split(' ')[0].ToLowerInvariant();
            var email = Email($"{first}.{word}@segment-browser.test");
            await browser.Site.IngestAsync(Form($"{word}-{first}", Day1, email) with { Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" } });
            if (first == "ada")
            {
                await browser.Site.IngestAsync(Conversion($"{word}-ada-1", recent, 40m, email), Conversion($"{word}-ada-2", recent.AddHours(1), 75m, email));
            }
        }
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync("/admin/customers/segments");
        await page.GetByRole(AriaRole.Link, new() { Name = "New segment" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Bought twice {word}");

        // The first condition: the name contains the word; the count follows the typing.
        await page.GetByLabel("Condition 1: what to test").SelectOptionAsync(new SelectOptionValue { Label = "Name" });
        await page.GetByLabel("Condition 1: test").SelectOptionAsync(new SelectOptionValue { Label = "contains" });
        await page.GetByLabel("Condition 1: text").FillAsync(word);
        await Expect(page.GetByTestId("segment-count")).ToHaveTextAsync("3 contacts match now.");

        // A second: did a conversion at least twice in 30 days.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add condition" }).ClickAsync();
        await page.GetByLabel("Condition 2: what to test").SelectOptionAsync(new SelectOptionValue { Label = "Activity" });
        await page.GetByLabel("Condition 2: event type").FillAsync("conversion");
        await page.GetByLabel("Condition 2: times").FillAsync("2");
        await page.GetByLabel("Condition 2: days").FillAsync("30");
        await Expect(page.GetByTestId("segment-count")).ToHaveTextAsync("1 contact matches now.");
        await BrowserSite.ScreenshotAsync(page, "85-desktop-segment-builder");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save segment" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync($"Saved the segment \u201CBought twice {word}\u201D.");
        await Expect(page.GetByTestId("segment-line")).ToContainTextAsync("Activity did conversion at least 2 times in the last 30 days");
        await Expect(page.Locator("#contact-results .customer-name")).ToHaveTextAsync([$"Ada Lovelace {word}"]);
        await Expect(page.GetByTestId("segment-chips").Locator(".is-active")).ToHaveTextAsync($"Bought twice {word}");
        await BrowserSite.ScreenshotAsync(page, "86-desktop-segment-members");
        // Searching within the segment keeps it; leaving it keeps the search.
        await page.GetByRole(AriaRole.Searchbox).FillAsync($"Turing {word}");
        await Expect(page.Locator("#contact-results .empty-state")).ToBeVisibleAsync();
        await page.GetByTestId("leave-segment").ClickAsync();
        await Expect(page.Locator("#contact-results .customer-name")).ToHaveTextAsync([$"Alan Turing {word}"]);
        await page.GoBackAsync();

        await page.SetViewportSizeAsync(390, 844);
        await page.GetByTestId("segment-line").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByTestId("segment-count")).ToHaveTextAsync("1 contact matches now.");
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"the segment builder scrolls sideways at 390 px: {scrollWidth} px");
        await BrowserSite.ScreenshotAsync(page, "85-phone-segment-builder");
        await page.SetViewportSizeAsync(1280, 900);
    }
}

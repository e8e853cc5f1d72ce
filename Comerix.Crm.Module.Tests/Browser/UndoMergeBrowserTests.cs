using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>A manager undoes a wrong automatic merge from the survivor's timeline: the visitor is a contact of its own again.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UndoMergeBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerUndoesAMergeFromTheTimeline()
    {
        var word = "b" + Guid.NewGuid().ToString("N")[..6];
        var visitor = (await browser.Site.IngestAsync(Telemetry($"{word}-1", Day1, Visitor($"shared-tablet-{word}"))))[0].ContactId!.Value;
        var person = (await browser.Site.IngestAsync(Form($"{word}-2", Day1.AddHours(1), Email($"grace.{word}@undo-browser.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Grace Hopper {word}" },
        }))[0].ContactId!.Value;
        await browser.Site.IngestAsync(Chat($"{word}-3", Day1.AddDays(1), Visitor($"shared-tablet-{word}"), Email($"grace.{word}@undo-browser.test")));
        await browser.Site.IngestAsync(Telemetry($"{word}-4", Day1.AddDays(2), Visitor($"shared-tablet-{word}")));

        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync($"/admin/customers/{person}");
        await page.GetByTestId("undo-merge-link").ClickAsync();
        await Expect(page.GetByTestId("undo-what")).ToContainTextAsync("1 identifier, 1 activity");
        await BrowserSite.ScreenshotAsync(page, "92-undo-merge");
        await page.GetByTestId("undo-merge").ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync($"contact #{visitor} is a contact of its own again");
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("1 event that arrived after the merge went with it");
        await Expect(page.Locator(".timeline").First).ToContainTextAsync("Merge undone by manager@site.test");
        await BrowserSite.ScreenshotAsync(page, "93-merge-undone");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/admin/customers/{visitor}");
        await Expect(page.Locator(".timeline").First).ToContainTextAsync($"Merge into contact #{person} undone");
        await BrowserSite.ScreenshotAsync(page, "94-restored-contact-phone");
    }
}

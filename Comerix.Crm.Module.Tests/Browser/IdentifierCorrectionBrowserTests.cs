using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A manager detaches an office address from a person's profile into a contact of its own, from the profile's
/// Known identifiers card, at desktop and phone widths.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IdentifierCorrectionBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerDetachesASharedAddressIntoAContactOfItsOwn()
    {
        var word = "d" + Guid.NewGuid().ToString("N")[..6];
        var (own, shared) = ($"grace.{word}@detach.test", $"office.{word}@detach.test");
        var id = (await browser.Site.IngestAsync(Form($"{word}-1", Day1, Email(own), Email(shared)) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Grace Hopper {word}" },
        }))[0].ContactId!.Value;
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync($"/admin/customers/{id}");
        await page.GetByTestId("correct-identifiers").ClickAsync();
        var row = page.GetByTestId("identifiers").Locator("li", new() { HasText = shared });
        await row.Locator("summary", new() { HasText = "Detach…" }).ClickAsync();
        await row.GetByLabel("Why").SelectOptionAsync(new SelectOptionValue { Label = "It is shared (a family, an office, a front desk)" });
        await row.GetByLabel("Note for the timeline (optional)").FillAsync("the front desk's address");
        await BrowserSite.ScreenshotAsync(page, "89-desktop-detach-identifier");
        await page.SetViewportSizeAsync(390, 844);
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"the identifiers page scrolls sideways at 390 px: {scrollWidth} px");
        await BrowserSite.ScreenshotAsync(page, "89-phone-detach-identifier");
        await page.SetViewportSizeAsync(1280, 900);
        await row.GetByRole(AriaRole.Button, new() { Name = "Detach" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Detached: it is contact #");
        await Expect(page.Locator(".identifiers")).Not.ToContainTextAsync(shared);
        await Expect(page.Locator(".timeline").First).ToContainTextAsync("An email address was detached into a contact of its own");
        await BrowserSite.ScreenshotAsync(page, "90-profile-after-detach");
    }
}

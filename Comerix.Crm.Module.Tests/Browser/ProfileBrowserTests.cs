using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// The profile on a desktop and on a phone (390 px), without JavaScript: it fits the screen, its header buttons wrap,
/// and a form that needs fixing answers with the profile itself, the problem beside that form and the text kept.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfileBrowserTests(BrowserSite browser)
{
    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what)
    {
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"{what} scrolls sideways: {scrollWidth} px wide in a {innerWidth} px window");
    }

    [BrowserFact]
    public async Task TheProfileFitsAPhoneAndShowsFormProblemsInPlace()
    {
        var word = "b" + Guid.NewGuid().ToString("N")[..6];
        var id = (await browser.Site.IngestAsync(Form($"{word}-1", Day1, Email($"maximiliane.{word}@profile-browser.test"), Phone("+1 415 555 0190")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Maximiliane Featherstonehaugh-Wolff {word}", ["company"] = "Featherstonehaugh Holdings" },
        }))[0].ContactId!.Value;
        var page = await browser.SignedInPageAsync(SiteFactory.AdminEmail, javaScript: false);
        await page.GotoAsync($"/admin/customers/{id}");
        await page.GetByPlaceholder("Add a tag, e.g. VIP").FillAsync($"VIP {word}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync($"Tagged \u201CVIP {word}\u201D");

        // Desktop: a repeated tag comes back on the profile, beside the tag box, with what was typed.
        await page.GetByPlaceholder("Add a tag, e.g. VIP").FillAsync($"vip {word}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.Locator("#tags form .field-error")).ToContainTextAsync("already tagged");
        await Expect(page.GetByPlaceholder("Add a tag, e.g. VIP")).ToHaveValueAsync($"vip {word}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Known identifiers" })).ToBeVisibleAsync();
        await Expect(page.Locator(".alert-error[role=alert]")).ToContainTextAsync("Nothing was saved");
        await AssertNoSidewaysScrollAsync(page, "the profile with a tag problem");
        await BrowserSite.ScreenshotAsync(page, "40-profile-tag-problem");

        // Phone: the header's buttons wrap under the name and stay on screen; nothing scrolls sideways.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/admin/customers/{id}");
        await AssertNoSidewaysScrollAsync(page, "the profile at 390 px");
        foreach (var button in new[] { "Merge", "Delete & forget" })
        {
            var box = (await page.Locator(".header-actions").GetByRole(AriaRole.Link, new() { Name = button }).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{button} is off screen at 390 px (x {box.X}, width {box.Width})");
        }
        await BrowserSite.ScreenshotAsync(page, "41-phone-profile");

        // An empty note, then a mark without a reason: each answered in place.
        await page.Locator("#note-text").FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.Locator("form.note-form .field-error")).ToHaveTextAsync("Write the note first.");
        await AssertNoSidewaysScrollAsync(page, "the profile with a note problem at 390 px");
        await BrowserSite.ScreenshotAsync(page, "42-phone-profile-note-problem");

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark do not contact" }).ClickAsync();
        await Expect(page.Locator("#reach form .field-error")).ToContainTextAsync("Choose why");
        await Expect(page.Locator(".contact-header h1")).ToHaveTextAsync($"Maximiliane Featherstonehaugh-Wolff {word}");
        await AssertNoSidewaysScrollAsync(page, "the profile with a contact preference problem at 390 px");
        await BrowserSite.ScreenshotAsync(page, "43-phone-profile-reach-problem");
    }
}

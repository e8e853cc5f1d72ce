using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>On a phone (390 px wide) the admin fits the screen: no sideways scrolling, readable titles, tables scroll in their cards.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NarrowScreenBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task ThePagesFitAPhoneScreen()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.ViewerEmail);
        await page.SetViewportSizeAsync(390, 844);
        foreach (var (path, title, shot) in new[]
        {
            ("/admin/customers", "Contacts", "30-phone-contacts"),
            ("/admin/customers/activity", "Activity", "31-phone-activity"),
        })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true })).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
                $"{path} scrolls sideways at 390 px");
            // The title is dark text: the page behind it must be the light background, not the sidebar's dark strip.
            var background = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.shell')).backgroundImage");
            Assert.Equal("none", background);
            await BrowserSite.ScreenshotAsync(page, shot);
        }

        await page.GotoAsync("/admin/customers");
        await page.Locator(".customer-name").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Known identifiers" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the detail page scrolls sideways at 390 px");
        await BrowserSite.ScreenshotAsync(page, "32-phone-contact-detail");
    }
}

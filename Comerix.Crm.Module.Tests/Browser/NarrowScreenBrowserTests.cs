using System.Text;
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
            await AssertFitsAsync(page, path);
            // The title is dark text: the page behind it must be the light background, not the sidebar's dark strip.
            var background = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.shell')).backgroundImage");
            Assert.Equal("none", background);
            await BrowserSite.ScreenshotAsync(page, shot);
        }

        await page.GotoAsync("/admin/customers");
        await page.Locator(".customer-name").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Known identifiers" })).ToBeVisibleAsync();
        await AssertFitsAsync(page, "the detail page");
        await BrowserSite.ScreenshotAsync(page, "32-phone-contact-detail");
    }

    /// <summary>
    /// The pages an administrator works in, at a phone's width and at a desktop's: the Contacts list with its export and
    /// bulk-tag links, a profile with its forms, the identity rule editor, an import's result, the audit log, the
    /// merge review queue, the webhooks page, the lifecycle stages and the bulk change page. None scrolls sideways, and no form control or button sticks out of its card.
    /// </summary>
    [BrowserFact]
    public async Task TheAdministratorsPagesFitAPhoneScreen()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.AdminEmail);
        var importResult = await ImportAsync(page);
        await page.GotoAsync("/admin/customers");
        var profile = await page.Locator(".customer").First.GetAttributeAsync("href");
        var misfits = new List<string>();

        foreach (var (width, height, prefix) in new[] { (390, 844, "phone"), (1360, 900, "desktop") })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var (path, title, shot) in new[]
            {
                ("/admin/customers", "Contacts", "33-{0}-contacts-admin"),
                (profile!, "Known identifiers", "34-{0}-profile-admin"),
                ("/admin/customers/matching/rules/create", "New identity rule", "35-{0}-rule-editor"),
                (importResult, "people.csv", "36-{0}-import-result"),
                ("/admin/customers/audit", "Audit log", "37-{0}-audit"),
                ("/admin/customers/matching", "Merge review", "38-{0}-merge-review"),
                ("/admin/customers/webhooks", "Webhooks", "39-{0}-webhooks"),
                ("/admin/customers/stages", "Lifecycle stages", "82-{0}-lifecycle-stages"),
                ("/admin/customers/bulk-work?audience=all", "Change many contacts", "83-{0}-bulk-change"),
            })
            {
                await page.GotoAsync(path);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true })).ToBeVisibleAsync();
                // Shot first, so a page that does not fit can be looked at.
                await ScreenshotTopAsync(page, string.Format(shot, prefix));
                misfits.AddRange(await MisfitsAsync(page, $"{path} at {width} px"));
            }
        }
        Assert.True(misfits.Count == 0, string.Join("\n", misfits));

        // The list's links under the table read as separate links.
        await page.GotoAsync("/admin/customers");
        Assert.Matches(@"as CSV · Tag all [\d,]+ · Change all [\d,]+ · Delete & forget all [\d,]+$", (await page.Locator(".pager > .muted").InnerTextAsync()).Trim());

        // The contact preference's reasons are read whole, not cut off.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(profile!);
        var select = page.Locator(".reach-mark select");
        Assert.True(await select.EvaluateAsync<bool>("s => s.getBoundingClientRect().width >= 200"),
            "the contact preference's select is too narrow to read its choices");
    }

    /// <summary>Imports a small file and returns the address of its result page.</summary>
    private static async Task<string> ImportAsync(IPage page)
    {
        await page.GotoAsync("/admin/customers/import");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "people.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"name,email\nNarrow Screen,narrow.{Guid.NewGuid():N}@phone.test\nNo Address,\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and map columns" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 1 row" }).ClickAsync();
        await Expect(page.Locator("[data-testid=import-status]")).ToContainTextAsync("Done", new() { Timeout = 30_000 });
        return new Uri(page.Url).PathAndQuery;
    }

    /// <summary>A screenshot of the page's first 2,400 pixels: long lists stay readable when looked at.</summary>
    private static async Task ScreenshotTopAsync(IPage page, string name)
    {
        var (width, height) = (page.ViewportSize!.Width, await page.EvaluateAsync<int>("document.documentElement.scrollHeight"));
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserSite.ScreenshotDirectory, name + ".png"),
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = width, Height = Math.Min(height, 2400) },
        });
    }

    /// <summary>The page does not scroll sideways, and no button, field or select reaches past the right edge of the screen.</summary>
    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var misfits = await MisfitsAsync(page, what);
        Assert.True(misfits.Count == 0, string.Join("\n", misfits));
    }

    private static async Task<List<string>> MisfitsAsync(IPage page, string what)
    {
        var misfits = new List<string>();
        if (!await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"))
        {
            misfits.Add($"{what} scrolls sideways");
        }
        var outside = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.content .btn, .content button, .content input:not([type=hidden]):not([type=checkbox]), .content select, .content textarea')]
                .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => (e.textContent || e.name || e.id).trim().slice(0, 40))
            """);
        if (outside.Length > 0)
        {
            misfits.Add($"{what}: past the screen's edge: {string.Join(", ", outside)}");
        }
        return misfits;
    }
}

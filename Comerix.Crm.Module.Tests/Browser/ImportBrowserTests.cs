using System.Text;
using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>A manager imports a CSV file in Chromium: upload, mapping and preview, progress, result. Screenshots of each step.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerImportsACsvFileAndSeesWhatItDid()
    {
        var tag = "b" + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import customers" })).ToBeVisibleAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "leads.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(
                $"Name;Email;Phone;Company;Plan\nLinus Import;linus.{tag}@import.test;+1 415 555 0199;Kernel Co;pro\nNo Address;;;;free\n" +
                $"Bad Phone;bad.phone.{tag}@import.test;12;;free\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and map columns" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "leads.csv" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Plan")).ToHaveValueAsync("trait");
        await Expect(page.Locator("[data-testid=preview] tbody tr").Nth(1)).ToContainTextAsync("no email, phone, customer id or external reference");
        // A bad phone costs the row only its phone: it goes in, and the button counts it.
        await Expect(page.Locator("[data-testid=preview] tbody tr").Nth(2)).ToContainTextAsync("imported without “Phone”, which is not a valid number for its region (US, read without a country code): too short");
        await Expect(page.Locator("[data-testid=left-out]")).ToHaveTextAsync("1 row of 3 cannot be imported (see the preview's problems)");
        await BrowserSite.ScreenshotAsync(page, "20-import-mapping-and-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 rows" }).ClickAsync();
        await Expect(page.Locator("[data-testid=import-status]")).ToContainTextAsync("Done, 1 row not imported", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=import-results] .tile-value").First).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-testid=imported-without]")).ToContainTextAsync("1 row imported without a value");
        await BrowserSite.ScreenshotAsync(page, "21-import-done");

        await page.GetByRole(AriaRole.Link, new() { Name = "See imported contacts" }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search contacts" }).FillAsync($"linus.{tag}");
        await Expect(page.Locator(".customer-name")).ToHaveTextAsync(["Linus Import"]);
    }
}

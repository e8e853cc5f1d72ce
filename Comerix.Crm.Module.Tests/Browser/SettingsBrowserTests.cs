using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>An administrator's settings pages in Chromium: API keys and the audit log. Each saves a screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AnAdministratorCreatesAnApiKeySeesItOnceAndFindsItInTheVerifiedAuditLog()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.AdminEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Shop backend");
        await page.GetByLabel("read contacts (read)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = page.GetByTestId("new-key").Locator("code");
        await Expect(key).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^cxk_"));
        await BrowserSite.ScreenshotAsync(page, "18-api-key-created");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        Assert.Equal(await key.TextContentAsync(), await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await page.ReloadAsync();
        await Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.Locator(".audit-table tbody tr").First).ToContainTextAsync("api-key.created");
        await page.GetByRole(AriaRole.Link, new() { Name = "Verify the chain" }).ClickAsync();
        await Expect(page.GetByTestId("audit-verification")).ToContainTextAsync("Intact");
        await BrowserSite.ScreenshotAsync(page, "19-audit-log");
    }
}

using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A manager adds contact fields on the fields page, fills them in on a profile (a wrong value answered beside its
/// field), sees them on a phone, and deletes them again after the page says what goes with them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomFieldsBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerAddsFieldsFillsThemInOnAProfileAndDeletesThem()
    {
        var word = "c" + Guid.NewGuid().ToString("N")[..6];
        var id = (await browser.Site.IngestAsync(Form($"{word}-1", Day1, Email($"grace.{word}@fields-browser.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Grace Hopper {word}" },
        }))[0].ContactId!.Value;
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync("/admin/customers/fields");

        var fields = new (string Label, string Key, string Type, string? Choices)[]
        {
            ("Plan", $"plan_{word}", "One of a list", "Free\nPro\nEnterprise"),
            ("Seats", $"seats_{word}", "Number", null),
            ("Renewal date", $"renewal_{word}", "Date", null),
            ("Channels", $"channels_{word}", "Several of a list", "Email\nPhone\nPost"),
        };
        foreach (var (label, key, type, choices) in fields)
        {
            await page.GetByLabel("Label").FillAsync(label);
            await page.GetByLabel("Key").FillAsync(key);
            await page.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = type });
            await page.GetByLabel("Choices").FillAsync(choices ?? "");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add field" }).ClickAsync();
            await Expect(page.Locator(".alert-success")).ToContainTextAsync($"Added the field \u201C{label}\u201D");
        }
        // A key that cannot be one is answered beside it, what was typed kept.
        await page.GetByLabel("Label").FillAsync("Date of birth");
        await page.GetByLabel("Key").FillAsync("Date of birth");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add field" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Key']")).ToContainTextAsync("lower-case letters");
        await Expect(page.GetByLabel("Key")).ToHaveValueAsync("Date of birth");
        await BrowserSite.ScreenshotAsync(page, "70-contact-fields");

        await page.GotoAsync($"/admin/customers/{id}");
        var card = page.Locator("#fields");
        await card.GetByLabel("Plan").SelectOptionAsync("Pro");
        await card.GetByLabel("Seats").FillAsync("twelve");
        await card.GetByLabel("Renewal date").FillAsync("2027-03-31");
        await card.GetByLabel("Email").CheckAsync();
        await card.GetByLabel("Post").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Save fields" }).ClickAsync();
        await Expect(page.Locator(".alert-error[role=alert]")).ToContainTextAsync("Nothing was saved");
        await Expect(page.Locator($"#cf-seats_{word}-error")).ToContainTextAsync("is not a number");
        await Expect(card.GetByLabel("Seats")).ToHaveValueAsync("twelve");
        await Expect(card.GetByLabel("Post")).ToBeCheckedAsync();
        await BrowserSite.ScreenshotAsync(page, "71-profile-field-problem");

        await card.GetByLabel("Seats").FillAsync("25");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save fields" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Saved the fields.");
        await Expect(card.GetByLabel("Seats")).ToHaveValueAsync("25");
        await Expect(card.GetByLabel("Plan")).ToHaveValueAsync("Pro");
        await Expect(card.GetByLabel("Renewal date")).ToHaveValueAsync("2027-03-31");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/admin/customers/{id}");
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"the profile with fields scrolls sideways at 390 px: {scrollWidth} px");
        await BrowserSite.ScreenshotAsync(page, "72-phone-profile-fields");

        // The list with a field as a column, chosen on its Columns page; on a phone the field's value reads with its label.
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/admin/customers?q={word}");
        await page.GetByTestId("choose-columns").ClickAsync();
        var menu = page.Locator("[data-testid=columns-form]");
        await menu.GetByLabel("Phone").UncheckAsync();
        await menu.GetByLabel("Company").UncheckAsync();
        await menu.GetByLabel("Plan").CheckAsync();
        await menu.GetByLabel("Seats").CheckAsync();
        await menu.GetByRole(AriaRole.Button, new() { Name = "Show these columns" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Saved your columns.");
        await Expect(page.Locator(".contacts-table thead th")).ToContainTextAsync(["Customer", "Email", "Source", "Last seen", "Plan", "Seats"]);
        await Expect(page.Locator($"td[data-column='field:plan_{word}']")).ToContainTextAsync("Pro");
        await Expect(page.GetByRole(AriaRole.Searchbox)).ToHaveValueAsync(word);
        await BrowserSite.ScreenshotAsync(page, "74-list-field-columns");
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        var (listWidth, listWindow) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(listWidth <= listWindow, $"the list with field columns scrolls sideways at 390 px: {listWidth} px");
        await BrowserSite.ScreenshotAsync(page, "75-phone-list-field-columns");

        // Deleting says how many values go with the field; then the profile no longer shows it. The shared site is left
        // without these fields for the other browser tests.
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/admin/customers/fields");
        foreach (var (label, key, _, _) in fields)
        {
            var row = page.Locator($"tr[data-field='{key}']");
            await row.Locator("summary", new() { HasText = "Delete" }).ClickAsync();
            if (label == "Plan")
            {
                await Expect(row.Locator(".confirm-pop")).ToContainTextAsync("The values of 1 contact are deleted with it.");
                await BrowserSite.ScreenshotAsync(page, "73-delete-field-confirm");
            }
            await row.GetByRole(AriaRole.Button, new() { Name = "Delete field" }).ClickAsync();
            await Expect(page.Locator(".alert-success")).ToContainTextAsync($"Deleted the field \u201C{label}\u201D");
        }
        await page.GotoAsync($"/admin/customers/{id}");
        await Expect(page.Locator("#fields")).ToHaveCountAsync(0);

        // The manager's list is given its standard columns back, for the other tests on this shared site.
        await page.GotoAsync("/admin/customers/columns");
        foreach (var standard in new[] { "Email", "Phone", "Company", "Source", "Last seen" })
        {
            await page.Locator("[data-testid=columns-form]").GetByLabel(standard).CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Show these columns" }).ClickAsync();
        await Expect(page.Locator(".contacts-table thead th")).ToContainTextAsync(["Customer", "Email", "Phone", "Company", "Source", "Last seen"]);
    }
}

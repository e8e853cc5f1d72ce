using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A manager ticks contacts on the list and moves them to a stage from the bulk bar, claims them, finds them under
/// "My contacts" with Stage and Owner as columns, and sees each change on a profile's timeline, at desktop and phone widths.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StageAndOwnerBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerMovesTickedContactsToAStageAndClaimsThem()
    {
        var word = "b" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<long>();
        foreach (var who in new[] { "Ada Lovelace", "Alan Turing", "Grace Hopper" })
        {
            var first = who.Split(' ')[0].ToLowerInvariant();
            ids.Add((await browser.Site.IngestAsync(Form($"{word}-{first}", Day1, Email($"{first}.{word}@stage-browser.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
            }))[0].ContactId!.Value);
        }
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync($"/admin/customers?q={word}");
        await page.GetByLabel($"Tick Ada Lovelace {word}").CheckAsync();
        await page.GetByLabel($"Tick Alan Turing {word}").CheckAsync();
        await page.GetByLabel("Stage for the ticked contacts").SelectOptionAsync(new SelectOptionValue { Label = "Opportunity" });
        await BrowserSite.ScreenshotAsync(page, "76-bulk-stage-ticked");
        await page.GetByTestId("bar-set-stage").ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Moved 2 contacts to Opportunity.");

        // Everyone in the list claimed from the confirmation page, which says how many first.
        await page.GetByTestId("bulk-work-all").ClickAsync();
        await Expect(page.GetByTestId("bulk-reach")).ToContainTextAsync("all 3 contacts in this list");
        await page.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = "Me (claim them)" });
        await BrowserSite.ScreenshotAsync(page, "77-bulk-owner-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set owner" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("You own 3 contacts more now.");

        // Stage and Owner as columns; "My contacts" at Opportunity is the two.
        await page.GetByTestId("choose-columns").ClickAsync();
        await page.GetByLabel("Stage", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Owner", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show these columns" }).ClickAsync();
        await page.GotoAsync($"/admin/customers?q={word}&owner=me&stage=opportunity");
        await Expect(page.Locator("#contact-results .customer-name")).ToHaveCountAsync(2);
        await Expect(page.Locator("#contact-results td.col-stage").First).ToContainTextAsync("Opportunity");
        await Expect(page.Locator("#contact-results td.col-owner").First).ToContainTextAsync(SiteFactory.ManagerEmail);
        await BrowserSite.ScreenshotAsync(page, "78-my-contacts-at-a-stage");

        await page.GotoAsync($"/admin/customers/{ids[0]}");
        await Expect(page.GetByTestId("contact-stage")).ToHaveTextAsync("Opportunity");
        await Expect(page.Locator(".timeline").First).ToContainTextAsync($"Stage set to Opportunity by {SiteFactory.ManagerEmail}");
        await Expect(page.Locator(".timeline").First).ToContainTextAsync($"Claimed by {SiteFactory.ManagerEmail}");
        await page.Locator("#work-stage").SelectOptionAsync(new SelectOptionValue { Label = "Customer" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Set stage" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Stage set to Customer.");
        await Expect(page.Locator(".timeline").First).ToContainTextAsync("Stage: Opportunity \u2192 Customer");
        await BrowserSite.ScreenshotAsync(page, "79-profile-stage-owner");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/admin/customers?q={word}");
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"the list with the bulk bar scrolls sideways at 390 px: {scrollWidth} px");
        await BrowserSite.ScreenshotAsync(page, "80-phone-list-stage-owner");
        await page.GotoAsync($"/admin/customers/{ids[0]}");
        (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"the profile scrolls sideways at 390 px: {scrollWidth} px");
        await BrowserSite.ScreenshotAsync(page, "81-phone-profile-stage-owner");
        await page.SetViewportSizeAsync(1280, 900);
    }
}

using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>A manager merges two records of one person, keeping the other record's company, chosen side by side.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MergeChoicesBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerChoosesWhatSurvivesAMergeSideBySide()
    {
        var word = "s" + Guid.NewGuid().ToString("N")[..6];
        async Task<long> PersonAsync(string who, string company) =>
            (await browser.Site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@merge-browser.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"Katherine Johnson {word}", ["company"] = company },
            }))[0].ContactId!.Value;
        var keep = await PersonAsync("kj", "NACA");
        var other = await PersonAsync("katherine", "NASA Langley");
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync($"/admin/customers/{keep}/merge?other={other}");
        var choices = page.GetByTestId("merge-choices");
        await Expect(choices.Locator("tbody tr")).ToHaveCountAsync(1);
        await choices.GetByLabel("NASA Langley").CheckAsync();
        await BrowserSite.ScreenshotAsync(page, "91-merge-side-by-side");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge into this" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Kept the other contact's company.");
        await Expect(page.Locator("main")).ToContainTextAsync("NASA Langley");
    }
}

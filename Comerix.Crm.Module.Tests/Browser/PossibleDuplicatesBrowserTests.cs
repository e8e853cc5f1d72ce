using Comerix.Crm.Matching.Duplicates;
using Comerix.Crm.Tests.Site;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>A manager follows "1 potential duplicate" from a profile to the Possible duplicates tab and on to the merge preview.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PossibleDuplicatesBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task AManagerFollowsAPotentialDuplicateToTheMergePreview()
    {
        var word = Guid.NewGuid().ToString("N")[..6];
        async Task<long> RecordAsync(string n, string email, string name, string company) =>
            (await browser.Site.IngestAsync(Form($"{word}-{n}", Day1, Email(email)) with
            {
                Traits = new Dictionary<string, string> { ["name"] = name, ["company"] = company },
            }))[0].ContactId!.Value;
        var first = await RecordAsync("1", $"annika.loewe.{word}@elbe-werft.test", "Annika Löwe", "Elbe Werft GmbH");
        var second = await RecordAsync("2", $"a.loewe.{word}@mail.test", "Annika Loewe", "elbe werft");
        await browser.Site.Services.GetRequiredService<DuplicateSuggestionJob>().RunOnceAsync(default);

        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync($"/admin/customers/{second}");
        await page.GetByTestId("potential-duplicates").GetByRole(AriaRole.Link).ClickAsync();
        var pair = page.Locator($"[data-pair='{first}-{second}']");
        await Expect(pair).ToContainTextAsync("Annika Loewe");
        await BrowserSite.ScreenshotAsync(page, "95-possible-duplicates");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserSite.ScreenshotAsync(page, "96-possible-duplicates-phone");
        await page.SetViewportSizeAsync(1360, 900);
        await pair.GetByRole(AriaRole.Link, new() { Name = "Merge…" }).ClickAsync();
        await Expect(page.GetByTestId("merge-choices")).ToContainTextAsync("Annika Loewe");
    }
}

using System.Text.RegularExpressions;
using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>A site admin in Chromium: sign in, search as you type, open, add, merge, forget. Each saves a screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactsBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task SigningInLeadsToTheContactsDirectory()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/admin/customers");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await BrowserSite.ScreenshotAsync(page, "01-sign-in");
        await page.GetByLabel("Email").FillAsync(SiteFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync(SiteFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=tile-total]")).Not.ToHaveTextAsync("0");
        await BrowserSite.ScreenshotAsync(page, "02-contacts-list");
    }

    [BrowserFact]
    public async Task SearchUpdatesTheListAsYouType()
    {
        await browser.Site.IngestAsync(Form("browser-search-1", Day1, Email("zelda.quill@search.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Zelda Quill" },
        });
        var page = await browser.SignedInPageAsync(SiteFactory.ViewerEmail);
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search contacts" }).PressSequentiallyAsync("zelda qu", new() { Delay = 40 });
        // On a busy machine a pause between keys lets "zel" refresh first and already list her; wait for the whole query.
        await Expect(page).ToHaveURLAsync(new Regex(@"q=zelda\+qu"));
        await Expect(page.Locator(".customer-name")).ToHaveTextAsync(["Zelda Quill"]);
        await BrowserSite.ScreenshotAsync(page, "03-search-as-you-type");
        // The Source filter applies as soon as it is chosen (no button, no inline handler the CSP would block).
        await page.GetByLabel("Source").SelectOptionAsync("Chat");
        await Expect(page.Locator(".empty-state h2")).ToHaveTextAsync("No contacts found");
        await Expect(page).ToHaveURLAsync(new Regex("source=Chat"));
        await page.GetByLabel("Source").SelectOptionAsync("Form");
        await Expect(page.Locator(".customer-name")).ToHaveTextAsync(["Zelda Quill"]);
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search contacts" }).FillAsync("nobody-by-this-name");
        await Expect(page.Locator(".empty-state h2")).ToHaveTextAsync("No contacts found");
    }

    [BrowserFact]
    public async Task OpeningAContactShowsTheWholePerson()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.ViewerEmail);
        var first = page.Locator(".customer-name").First;
        var name = await first.TextContentAsync();
        await first.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(name!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Known identifiers" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activity" })).ToBeVisibleAsync();
        await Expect(page.Locator(".timeline-row").First).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "04-contact-detail");
    }

    [BrowserFact]
    public async Task AddingACustomerOpensTheNewIdentifiedContact()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Add customer" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Email']")).ToContainTextAsync("Enter an email address");
        await BrowserSite.ScreenshotAsync(page, "05-add-customer-error");
        await page.GetByLabel("Name").FillAsync("Marie Curie");
        await page.GetByLabel("Email").FillAsync("marie.curie@radium.test");
        await page.GetByLabel("Company").FillAsync("Institut du Radium");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add customer" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Marie Curie");
        await Expect(page.Locator(".pill")).ToHaveTextAsync("Identified");
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Customer added.");
        await BrowserSite.ScreenshotAsync(page, "06-added-customer");
    }

    [BrowserFact]
    public async Task MergingTwoContactsLeavesOne()
    {
        var keep = (await browser.Site.IngestAsync(Form("browser-merge-1", Day1, Email("ren.keep@merge.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Ren Okafor" },
        }))[0].ContactId!.Value;
        await browser.Site.IngestAsync(Chat("browser-merge-2", Day1.AddHours(2), Conversation("merge-chat"), Phone("+1 212 555 0147")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Ren O." },
        });
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync($"/admin/customers/{keep}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Merge" }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search contacts" }).FillAsync("Ren O.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.Locator(".pick-list a", new() { HasText = "Ren O." }).ClickAsync();
        await Expect(page.GetByText("will be merged into")).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "07-merge-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge into this" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Merged contact");
        await Expect(page.Locator(".identifiers")).ToContainTextAsync("(212) 555-0147");
        await BrowserSite.ScreenshotAsync(page, "08-merged");

        // A note for the team joins the timeline with its author.
        await page.GetByLabel("Add a note to the timeline").FillAsync("Merged after Ren called: same person, two phones.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Note added");
        await Expect(page.Locator(".timeline-row.type-note").First).ToContainTextAsync($"same person, two phones.\u2069 — note by {SiteFactory.ManagerEmail}");
        await BrowserSite.ScreenshotAsync(page, "08b-note-added");

        // A note of one long "word" (a pasted URL, say) wraps inside its card: the page does not scroll sideways.
        await page.GetByLabel("Add a note to the timeline").FillAsync("https://example.com/" + new string('x', 400) + "\nSecond line");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Note added");
        // Names the elements that stick out, so a failure says where to look.
        var sticksOut = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)" +
            ".map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replaceAll(' ', '.') : '')).slice(0, 8).join(', ')");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"a long note makes the profile scroll sideways: {sticksOut}");

        // A tag, and the list of everyone carrying it one click away.
        await page.GetByLabel("Add a tag").FillAsync("Trade fair 2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Tagged");
        await BrowserSite.ScreenshotAsync(page, "08c-tagged");
        await page.Locator(".tags .tag-chip a", new() { HasText = "Trade fair 2026" }).ClickAsync();
        await Expect(page.Locator("#contact-results .customer-name")).ToHaveTextAsync(["Ren Okafor"]);
        await BrowserSite.ScreenshotAsync(page, "08d-list-by-tag");

        // Asked not to be contacted: the profile and the list say so.
        await page.Locator("#contact-results a.customer").First.ClickAsync();
        await page.GetByLabel("Why not contact them").SelectOptionAsync("Asked not to be contacted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark do not contact" }).ClickAsync();
        await Expect(page.Locator(".contact-badges .pill-dnc")).ToHaveTextAsync("Do not contact");
        await Expect(page.Locator("#reach .reach-state")).ToContainTextAsync("Asked not to be contacted");
        await BrowserSite.ScreenshotAsync(page, "08i-do-not-contact");
    }

    [BrowserFact]
    public async Task AManagerTicksRowsFoundBySearchAndTagsThemTogether()
    {
        foreach (var (n, name) in new[] { (1, "Uma Bulk"), (2, "Vic Bulk"), (3, "Wes Bulk") })
        {
            await browser.Site.IngestAsync(Form($"browser-bulk-{n}", DateTimeOffset.UtcNow.AddDays(-10).AddHours(n), Email($"{name.Split(' ')[0].ToLowerInvariant()}@bulk.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = name },
            });
        }
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync("/admin/customers");
        // The rows come from search as you type; ticking works on what the search put on screen.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search contacts" }).FillAsync("bulk.test");
        await Expect(page.Locator("#contact-results .customer-name")).ToHaveCountAsync(3);
        await page.GetByLabel("Tick every contact on this page").CheckAsync();
        await Expect(page.Locator("[data-ticked-count]")).ToHaveTextAsync("3 contacts ticked.");
        await page.GetByLabel("Tick Vic Bulk").UncheckAsync();
        await Expect(page.Locator("[data-ticked-count]")).ToHaveTextAsync("2 contacts ticked.");
        await page.GetByLabel("Tag for the ticked contacts").FillAsync("Webinar");
        await BrowserSite.ScreenshotAsync(page, "08e-rows-ticked");
        await page.Locator("#bulk-tags").GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Tagged 2 contacts \u201CWebinar\u201D.");
        // Back on the list with the search kept.
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search contacts" })).ToHaveValueAsync("bulk.test");
        await page.GotoAsync("/admin/customers?tag=webinar");
        await Expect(page.Locator("#contact-results .customer-name")).ToHaveTextAsync(["Wes Bulk", "Uma Bulk"]);
        await BrowserSite.ScreenshotAsync(page, "08f-bulk-tagged");
        // "Everyone in this list" says how many and which list before anything changes.
        await page.GetByTestId("bulk-tag-all").ClickAsync();
        await Expect(page.GetByTestId("bulk-reach")).ToContainTextAsync("all 2 contacts in this list: identified contacts, tagged \u201CWebinar\u201D");
        await BrowserSite.ScreenshotAsync(page, "08g-tag-everyone-in-list");

        // A window on last seen, picked live, then the filters saved as a view the team finds above the list.
        await page.GotoAsync("/admin/customers?tag=webinar");
        await page.GetByLabel("Last seen").SelectOptionAsync("Seen in the last 90 days");
        await Expect(page.Locator("form.view-save input[name=seen]")).ToHaveValueAsync("90d");
        await page.GetByLabel("Name for a view of these filters").FillAsync("Webinar guests");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as view" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Saved the view \u201CWebinar guests\u201D");
        await Expect(page.Locator(".view-chip.is-active")).ToHaveTextAsync("Webinar guests");
        await Expect(page.Locator("#contact-results .customer-name")).ToHaveTextAsync(["Wes Bulk", "Uma Bulk"]);
        await BrowserSite.ScreenshotAsync(page, "08h-saved-view");
    }

    [BrowserFact]
    public async Task ForgettingAContactErasesItAfterConfirmation()
    {
        var id = (await browser.Site.IngestAsync(Form("browser-forget-1", Day1, Email("gone.soon@forget.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Gone Soon" },
        }))[0].ContactId!.Value;
        var page = await browser.SignedInPageAsync(SiteFactory.AdminEmail);
        await page.GotoAsync($"/admin/customers/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete & forget" }).ClickAsync();
        await page.GetByLabel("to confirm").FillAsync("not it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete & forget" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToContainTextAsync("Nothing was deleted");
        await BrowserSite.ScreenshotAsync(page, "09-forget-mismatch");
        await page.GetByLabel("to confirm").FillAsync("gone.soon@forget.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete & forget" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("were erased");
        await BrowserSite.ScreenshotAsync(page, "10-forgotten");
        var response = await page.GotoAsync($"/admin/customers/{id}");
        Assert.Equal(404, response!.Status);
    }

    [BrowserFact]
    public async Task ApprovingAReviewItemMergesThePair()
    {
        await browser.Site.IngestAsync(
            Form("browser-review-1", Day1, Email("noor.haddad@review.test")) with { Traits = new Dictionary<string, string> { ["name"] = "Noor Haddad" } },
            Form("browser-review-2", Day1, Phone("+1 303 555 0199")) with { Traits = new Dictionary<string, string> { ["name"] = "N. Haddad" } },
            Form("browser-review-3", Day1.AddDays(1), Email("noor.haddad@review.test"), Phone("+1 303 555 0199")));
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Matching" }).ClickAsync();
        var row = page.Locator(".review", new() { HasText = "Noor Haddad" });
        await Expect(row).ToContainTextAsync("N. Haddad");
        await BrowserSite.ScreenshotAsync(page, "11-merge-review");
        await row.GetByRole(AriaRole.Link, new() { Name = "Approve…" }).ClickAsync();

        // Not blind: both records, which survives, and what moves. The reviewer keeps the other one.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approve this merge" })).ToBeVisibleAsync();
        await Expect(page.Locator(".survivor-option.is-chosen")).ToContainTextAsync("Noor Haddad");
        await Expect(page.GetByTestId("merge-direction")).ToContainTextAsync("N. Haddad");
        await page.Locator(".survivor-option", new() { HasText = "N. Haddad" }).ClickAsync();
        await Expect(page.Locator(".survivor-option.is-chosen")).ToContainTextAsync("N. Haddad");
        await Expect(page.GetByTestId("merge-direction")).ToContainTextAsync("Noor Haddad");
        await Expect(page.Locator(".facts")).ToContainTextAsync("noor.haddad@review.test");
        await BrowserSite.ScreenshotAsync(page, "11b-approve-merge");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approve, keep #") }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Approved: the pair is now N. Haddad");
        await Expect(page.Locator(".review", new() { HasText = "Noor Haddad" })).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task TheActivityInboxPreviewsTheClickedEventAndTakesInNewEventsWithoutAReload()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Activity", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Switch, new() { Name = "Show anonymous" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("anon=1"));
        await page.Locator(".chip", new() { HasText = "Forms" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("type=forms.*anon=1|anon=1.*type=forms"));
        var row = page.Locator(".stream-row").Nth(1);
        var who = (await row.Locator(".stream-who").TextContentAsync())!.Trim();
        await row.ClickAsync();
        await Expect(page.Locator(".stream-row.is-selected")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=preview-name]")).ToHaveTextAsync(who.Replace("Anonymous", "").Trim());
        await BrowserSite.ScreenshotAsync(page, "12-activity-inbox");
        var eventsToday = int.Parse((await page.Locator("[data-testid=tile-events-today]").TextContentAsync())!.Replace(",", ""));

        await browser.Site.IngestAsync(Form("browser-live-1", DateTimeOffset.UtcNow, Email("live.arrival@inbox.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Live Arrival" },
        });
        await Expect(page.Locator(".stream-row").First).ToContainTextAsync("Live Arrival", new() { Timeout = 10_000 });
        await Expect(page.Locator(".stream-row.is-selected")).ToHaveCountAsync(1);
        // The day's tiles follow what arrived.
        var tile = page.Locator("[data-testid=tile-events-today]");
        await Expect(tile).Not.ToHaveTextAsync(eventsToday.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(int.Parse((await tile.TextContentAsync())!.Replace(",", "")) > eventsToday);

        // A visitor's anonymous row loses its Anonymous pill once the same person gives an email.
        await browser.Site.IngestAsync(Form("browser-live-2", DateTimeOffset.UtcNow, Visitor("v-live-anon")));
        await Expect(page.Locator(".stream-row").First.Locator(".pill-anonymous")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var contactId = await page.Locator(".stream-row").First.GetAttributeAsync("data-contact-id");
        await browser.Site.IngestAsync(Form("browser-live-3", DateTimeOffset.UtcNow.AddSeconds(1), Visitor("v-live-anon"), Email("now.known@inbox.test")));
        await Expect(page.Locator($".stream-row[data-contact-id='{contactId}']")).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        await Expect(page.Locator($".stream-row[data-contact-id='{contactId}'] .pill-anonymous")).ToHaveCountAsync(0);

    }
}

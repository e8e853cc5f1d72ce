using System.Text.RegularExpressions;
using Comerix.Crm.Tests.Site;
using Microsoft.Playwright;
using static Comerix.Crm.Tests.Infrastructure.Events;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>Identity rules and the review queue in Chromium, and the demo storefront a visitor sees. Each saves a screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MatchingBrowserTests(BrowserSite browser)
{
    [BrowserFact]
    public async Task EditingARuleAndTestingItShowsWhatTheEngineWouldDo()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Matching" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Identity rules" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Identity rules" })).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "13-identity-rules");
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders carry the customer" }).ClickAsync();

        // An unsaved change: the order's phone is no longer read. The test runs the rule as it stands in the form.
        await page.GetByLabel("Identifier field 3").FillAsync("");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Sample event" }).FillAsync("""
            { "type": "conversion", "payload": { "orderId": "A-7", "total": "59.00", "currency": "eur", "email": "browser.buyer@rules.test", "phone": "+1 415 555 0123", "name": "Bea Buyer" } }
            """);
        await page.GetByTestId("run-test").ClickAsync();
        var result = page.GetByTestId("test-result");
        await Expect(result).ToContainTextAsync("The trigger matches this event.");
        await Expect(result).ToContainTextAsync("browser.buyer@rules.test");
        await Expect(result).Not.ToContainTextAsync("+1 415 555 0123");
        await Expect(result).ToContainTextAsync("59.00 EUR");
        await Expect(page.GetByTestId("test-outcome")).ToHaveTextAsync("A new contact would be created.");
        await Expect(page.GetByLabel("Identifier field 3")).ToHaveValueAsync("");
        await BrowserSite.ScreenshotAsync(page, "14-identity-rule-test");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Rule \"Orders carry the customer\" saved.");
        await Expect(page.Locator("tr", new() { HasText = "Orders carry the customer" })).Not.ToContainTextAsync("phone");
    }

    [BrowserFact]
    public async Task ARuleConditionIsEditedAndTheTesterSaysWhenItDoesNotHold()
    {
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GotoAsync("/admin/customers/matching/rules/create");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Marketing sign-ups");
        // Saved disabled: the other browser tests' forms share this site.
        await page.Locator("#Input_Enabled").UncheckAsync();
        await page.GetByLabel("Trigger", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Form submitted" });
        await page.GetByLabel("Run when", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "all of the conditions hold" });
        await page.GetByLabel("Condition field 1").FillAsync("consent.marketing");
        await page.GetByLabel("Condition test 1").SelectOptionAsync(new SelectOptionValue { Label = "is a yes (consent given)" });
        await page.GetByLabel("Identifier field 1").FillAsync("email");
        await page.GetByLabel("Identifier type 1").SelectOptionAsync("email");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Sample event" }).FillAsync("""
            { "type": "form", "payload": { "email": "maybe@rules.test", "consent": { "marketing": false } } }
            """);
        await page.GetByTestId("run-test").ClickAsync();
        await Expect(page.GetByTestId("test-skipped")).ToHaveTextAsync("Skipped: condition consent.marketing is a yes (consent given) did not hold. The rule would not run.");
        await Expect(page.GetByLabel("Condition field 1")).ToHaveValueAsync("consent.marketing");
        await BrowserSite.ScreenshotAsync(page, "84-rule-condition-skipped");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "Marketing sign-ups" })).ToContainTextAsync("only when consent.marketing is a yes (consent given)");
    }

    [BrowserFact]
    public async Task RejectingAReviewItemKeepsBothContacts()
    {
        await browser.Site.IngestAsync(
            Form("browser-reject-1", Day1, Email("ines.ortega@reject.test")) with { Traits = new Dictionary<string, string> { ["name"] = "Ines Ortega" } },
            Form("browser-reject-2", Day1, Phone("+1 303 555 0142")) with { Traits = new Dictionary<string, string> { ["name"] = "Ines O." } },
            Form("browser-reject-3", Day1.AddDays(1), Email("ines.ortega@reject.test"), Phone("+1 303 555 0142")));
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Matching" }).ClickAsync();
        var row = page.Locator(".review", new() { HasText = "Ines Ortega" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Rejected");
        await Expect(page.Locator(".review", new() { HasText = "Ines Ortega" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Rejected" }).ClickAsync();
        await Expect(page.Locator(".review", new() { HasText = "Ines Ortega" })).ToContainTextAsync("Ines O.");
        await BrowserSite.ScreenshotAsync(page, "15-review-rejected");
        await page.Locator(".review", new() { HasText = "Ines Ortega" }).GetByRole(AriaRole.Link, new() { Name = "Ines O." }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ines O." })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Each part of a review row (both contacts, the reason, the buttons) as the box its text really covers: the
    /// element's box joined with its text's, so text printed over a neighbour counts. Returns what overlaps.
    /// </summary>
    private const string OverlapsScript = """
        row => {
            const covers = el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
                return { name: el.className + " «" + el.textContent.trim().replace(/\s+/g, " ").slice(0, 40) + "»",
                    left: Math.min(text.left, box.left), right: Math.max(text.right, box.right),
                    top: Math.min(text.top, box.top), bottom: Math.max(text.bottom, box.bottom) };
            };
            const parts = [...row.querySelectorAll(".review-side, .review-reason, .review-actions")].map(covers);
            const edge = row.getBoundingClientRect();
            const problems = [];
            parts.forEach((a, i) => parts.slice(i + 1).forEach(b => {
                if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
                    problems.push(a.name + " overlaps " + b.name);
            }));
            parts.filter(p => p.left < edge.left - 1 || p.right > edge.right + 1).forEach(p => problems.push(p.name + " sticks out of its row"));
            return problems;
        }
        """;

    [BrowserFact]
    public async Task AReviewWithALongEmailKeepsEveryPartInItsOwnPlaceOnADesktopAndAPhone()
    {
        // No spaces or hyphens: nothing in the address offers the browser a place to break the line.
        const string email = "bartholomewmontgomeryfitzgeraldpurchasingdepartment@averylongcompanydomainnameforbuyers.example.test";
        await browser.Site.IngestAsync(
            Form("browser-long-1", Day1, Email(email)) with { Traits = new Dictionary<string, string> { ["name"] = "Bartholomew Montgomery-Fitzgerald" } },
            Form("browser-long-2", Day1, Phone("+1 303 555 0177")) with { Traits = new Dictionary<string, string> { ["name"] = "Bart Fitzgerald" } },
            Form("browser-long-3", Day1.AddDays(1), Email(email), Phone("+1 303 555 0177")));
        var page = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        foreach (var (width, height, suffix) in new[] { (1360, 900, "desktop"), (390, 844, "phone") })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/admin/customers/matching");
            var row = page.Locator(".review", new() { HasText = "Bart Fitzgerald" });
            await Expect(row).ToContainTextAsync(email);
            Assert.Empty(await row.EvaluateAsync<string[]>(OverlapsScript));
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"the queue scrolls sideways at {width} px");
            Assert.True(await row.EvaluateAsync<bool>("r => r.closest('.card').scrollWidth <= r.closest('.card').clientWidth"), $"the queue's card scrolls sideways at {width} px");
            await row.ScrollIntoViewIfNeededAsync();
            await BrowserSite.ScreenshotAsync(page, $"18-review-long-email-{suffix}");

            // The approve page shows the same two records and what moves: it fits too.
            await row.GetByRole(AriaRole.Link, new() { Name = "Approve…" }).ClickAsync();
            await Expect(page.Locator(".survivor-option", new() { HasText = email })).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"the approve page scrolls sideways at {width} px");
            Assert.True(await page.EvaluateAsync<bool>("[...document.querySelectorAll('.survivor-option, .facts dd')].every(e => e.scrollWidth <= e.clientWidth + 1)"),
                $"text spills out of the approve page's boxes at {width} px");
            await BrowserSite.ScreenshotAsync(page, $"19-approve-long-email-{suffix}");
        }
    }

    [BrowserFact]
    public async Task AStorefrontVisitorWhoChatsFillsInTheFormAndBuysIsOneContact()
    {
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync("/demo");
        await visitor.GetByLabel("Your name").FillAsync("Oskar Storefront");
        await visitor.GetByLabel("Message").FillAsync("Is the mug dishwasher safe?");
        await visitor.Locator("#chat").GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.GetByTestId("chat-transcript")).ToContainTextAsync("dishwasher");
        await visitor.Locator("#contact").GetByLabel("Email").FillAsync("oskar@storefront.test");
        await visitor.Locator("#contact").GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(visitor.Locator(".alert-success")).ToContainTextAsync("Thanks!");
        await visitor.GetByLabel("Email for the receipt").FillAsync("oskar@storefront.test");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(visitor.Locator(".alert-success")).ToContainTextAsync("Order placed");
        await BrowserSite.ScreenshotAsync(visitor, "16-storefront");

        var admin = await browser.SignedInPageAsync(SiteFactory.ManagerEmail);
        await admin.GetByPlaceholder(new Regex("Search")).FillAsync("oskar@storefront");
        await Expect(admin.Locator(".customer-name")).ToHaveCountAsync(1);
        await Expect(admin.Locator(".customer-name")).ToHaveTextAsync("Oskar Storefront");
        await admin.Locator(".customer-name").ClickAsync();
        await Expect(admin.Locator(".timeline")).ToContainTextAsync("24");
        await BrowserSite.ScreenshotAsync(admin, "17-storefront-contact");
    }
}

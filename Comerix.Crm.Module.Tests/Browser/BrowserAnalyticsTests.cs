using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// The real browser SDKs from npm, @segment/analytics-next and @rudderstack/analytics-js, at their defaults, in a
/// shop's page that Chromium opens from another origin than the CRM's, sending with a browser key that lists the
/// shop's origin: the visitor becomes one contact whose claims stay unverified. The same page on an origin the key
/// does not list is refused by the browser, and nothing is stored.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserAnalyticsTests(BrowserSite browser) : IAsyncLifetime
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(20);
    private readonly string _word = "s" + Guid.NewGuid().ToString("N")[..8];
    private ShopPageServer _shop = null!;
    private BrowserNetworkLog? _saw;

    public async Task InitializeAsync() => _shop = await ShopPageServer.StartAsync();

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [BrowserFact(NeedsNode = true)]
    public async Task AnalyticsNextInAShopPageMakesOneUnverifiedContactWithItsPageViewAndOrder()
    {
        var page = await OpenShopPageAsync("segment.html");
        var anonymousId = await InPageAsync<string>(page, "analytics.user().then(user => user.anonymousId())");
        // Each call's promise settles once the SDK has handed the event to its Segment.io destination.
        await InPageAsync<string>(page, """
            ([userId, email, name]) => Promise.all([
                analytics.identify(userId, { email, name }),
                analytics.track('Order Completed', { revenue: 129.9, currency: 'EUR' }),
            ]).then(() => 'sent')
            """, Visitor);

        var contact = await WaitForDeliveryAsync(anonymousId);
        await AssertSentAcrossOriginsAsync("/v1/p", "/v1/i", "/v1/t");
        AssertOneUnverifiedShopper(contact, anonymousId, _shop.Origin + "/segment.html");
        await AssertProfileShowsTheShopperAsync(contact.Id, anonymousId, _shop.Origin + "/segment.html", "40-browser-analytics-segment");
    }

    [BrowserFact(NeedsNode = true)]
    public async Task RudderStackAnalyticsJsInAShopPageMakesOneUnverifiedContactWithItsPageViewAndOrder()
    {
        var page = await OpenShopPageAsync("rudderstack.html");
        var anonymousId = await InPageAsync<string>(page,
            "new Promise(loaded => rudderanalytics.ready(() => loaded(rudderanalytics.getAnonymousId())))");
        await InPageAsync<string>(page, """
            ([userId, email, name]) => {
                rudderanalytics.identify(userId, { email, name });
                rudderanalytics.track('Order Completed', { revenue: 129.9, currency: 'EUR' });
                return 'queued';
            }
            """, Visitor);

        var contact = await WaitForDeliveryAsync(anonymousId);
        await AssertSentAcrossOriginsAsync("/v1/page", "/v1/identify", "/v1/track");
        AssertOneUnverifiedShopper(contact, anonymousId, _shop.Origin + "/rudderstack.html");
        await AssertProfileShowsTheShopperAsync(contact.Id, anonymousId, _shop.Origin + "/rudderstack.html", "40-browser-analytics-rudderstack");
    }

    [BrowserFact(NeedsNode = true)]
    public async Task TheSamePagesOnAnOriginTheKeyDoesNotListAreRefusedByTheBrowserAndStoreNothing()
    {
        await using var stranger = await ShopPageServer.StartAsync();
        var key = await browser.Site.CreateBrowserKeyAsync(_shop.Origin);
        stranger.Serve(browser.BaseUrl, key);
        var storedBefore = await browser.Site.StoredEventCountAsync();

        // analytics-next first asks for its settings; the answer carries no Access-Control-Allow-Origin for this page,
        // so Chromium withholds it, and the SDK never gets as far as sending.
        var segment = await browser.NewPageAsync();
        var segmentSaw = await BrowserNetworkLog.AttachAsync(segment);
        await segment.GotoAsync(stranger.Origin + "/segment.html");
        await segment.EvaluateAsync("""
            ([userId, email, name]) => {
                analytics.identify(userId, { email, name });
                analytics.track('Order Completed', { revenue: 129.9, currency: 'EUR' });
            }
            """, Visitor);
        var settings = await segmentSaw.WaitForAsync("blocked settings request",
            r => r.Url == $"{browser.BaseUrl}/v1/projects/{key}/settings" && r.CorsError is not null, DeliveryTimeout);
        Assert.Equal("MissingAllowOriginHeader", settings.CorsError);

        // RudderStack's SDK sends its write key as Basic auth even for its source config: a preflight, refused.
        var rudder = await browser.NewPageAsync();
        var rudderSaw = await BrowserNetworkLog.AttachAsync(rudder);
        await rudder.GotoAsync(stranger.Origin + "/rudderstack.html");
        await rudder.EvaluateAsync("""
            ([userId, email, name]) => {
                rudderanalytics.identify(userId, { email, name });
                rudderanalytics.track('Order Completed', { revenue: 129.9, currency: 'EUR' });
            }
            """, Visitor);
        var preflight = await rudderSaw.WaitForAsync("answered source config preflight",
            r => r.Type == "Preflight" && r.Url.StartsWith(browser.BaseUrl + "/sourceConfig/", StringComparison.Ordinal) && r.Status is not null, DeliveryTimeout);
        Assert.Equal(403, preflight.Status);
        var config = await rudderSaw.WaitForAsync("blocked source config request",
            r => r.Type != "Preflight" && r.Url.StartsWith(browser.BaseUrl + "/sourceConfig/", StringComparison.Ordinal) && r.CorsError is not null, DeliveryTimeout);
        Assert.Equal("PreflightMissingAllowOriginHeader", config.CorsError);

        // CORS only keeps the page from reading answers; a "simple" request (text/plain, no Authorization) is sent
        // without a preflight. The key in the body must not be enough from an origin the key does not list.
        await rudder.EvaluateAsync("""
            ([site, writeKey, userId]) => fetch(site + '/v1/t', {
                method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
                body: JSON.stringify({ writeKey, type: 'track', event: 'Order Completed', userId, properties: { revenue: 1 } }),
            })
            """, new[] { browser.BaseUrl, key, UserId });
        var forged = await rudderSaw.WaitForAsync("answer to the hand-made event",
            r => r.Method == "POST" && r.Url == browser.BaseUrl + "/v1/t" && r.Status is not null, DeliveryTimeout);
        Assert.Equal(403, forged.Status);

        Assert.Equal(storedBefore, await browser.Site.StoredEventCountAsync());
        await using var scope = await browser.Site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        Assert.False(await db.Identifiers.AnyAsync(i => i.TenantId == "Default" && (i.Value == UserId || i.Value == Email)),
            "A refused page's visitor became a contact.\nSegment page:\n" + segmentSaw + "\nRudderStack page:\n" + rudderSaw);
        Assert.DoesNotContain(segmentSaw.Requests.Concat(rudderSaw.Requests), r => r.Method == "POST" && r.Url.StartsWith(browser.BaseUrl + "/v1/", StringComparison.Ordinal) && r.Status is >= 200 and < 300);
    }

    private string[] Visitor => [UserId, Email, Name];
    private string UserId => $"shopper-{_word}";
    private string Email => $"ada.{_word}@shop.test";
    private string Name => $"Ada Shopper {_word}";

    /// <summary>The shop's page, from the shop's origin, sending to the CRM with a browser key that lists that origin.</summary>
    private async Task<IPage> OpenShopPageAsync(string file)
    {
        var key = await browser.Site.CreateBrowserKeyAsync(_shop.Origin);
        _shop.Serve(browser.BaseUrl, key);
        var page = await browser.NewPageAsync();
        _saw = await BrowserNetworkLog.AttachAsync(page);
        var response = await page.GotoAsync(_shop.Origin + "/" + file);
        Assert.Equal(200, response!.Status);
        return page;
    }

    /// <summary>Runs the page's SDK calls; if the SDK never answers (it waits for its settings forever), says what Chromium saw.</summary>
    private async Task<T> InPageAsync<T>(IPage page, string script, object? arg = null)
    {
        try
        {
            return await page.EvaluateAsync<T>(script, arg).WaitAsync(DeliveryTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The SDK in the page did not answer within {DeliveryTimeout.TotalSeconds} s. Chromium saw:\n{_saw}");
            throw;
        }
    }

    private sealed record DeliveredContact(long Id, string? DisplayName, List<Identifier> Identifiers, List<ContactActivity> Activities);

    /// <summary>Polls the database until the visitor's contact has its page view, its order and its email.</summary>
    private async Task<DeliveredContact> WaitForDeliveryAsync(string anonymousId)
    {
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        var seen = "no contact with that visitor id";
        while (true)
        {
            await using (var scope = await browser.Site.TenantScopeAsync("Default"))
            {
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                var id = await db.Identifiers
                    .Where(i => i.TenantId == "Default" && i.Type == IdentifierTypes.VisitorId && i.Value == anonymousId)
                    .Select(i => (long?)i.ContactId).SingleOrDefaultAsync();
                if (id is { } contactId)
                {
                    var identifiers = await db.Identifiers.Where(i => i.TenantId == "Default" && i.ContactId == contactId).ToListAsync();
                    var activities = await db.Activities.Where(a => a.TenantId == "Default" && a.ContactId == contactId).ToListAsync();
                    if (identifiers.Any(i => i.Type == IdentifierTypes.Email) && activities.Any(a => a.Type == ActivityTypes.Conversion)
                        && activities.Any(a => a.Type == ActivityTypes.Telemetry))
                    {
                        var person = await db.Contacts.SingleAsync(c => c.TenantId == "Default" && c.Id == contactId);
                        return new DeliveredContact(contactId, person.DisplayName, identifiers, activities);
                    }
                    seen = $"contact {contactId} with {string.Join(", ", identifiers.Select(i => i.Type))} and activities {string.Join(", ", activities.Select(a => a.Type))}";
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"The page's events did not all arrive within {DeliveryTimeout.TotalSeconds} s; found {seen}. Chromium saw:\n{_saw}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// As on a real shop, each event crossed origins: the SDK sends its key in an Authorization header, so Chromium
    /// asked first (a preflight), the CRM agreed, and the event itself was accepted. Waited for: the last event is in
    /// the database a moment before Chromium reports its response.
    /// </summary>
    private async Task AssertSentAcrossOriginsAsync(params string[] paths)
    {
        foreach (var path in paths)
        {
            var url = browser.BaseUrl + path;
            await _saw!.WaitForAsync($"accepted preflight for {url}", r => r.Type == "Preflight" && r.Url == url && r.Status == 204, TimeSpan.FromSeconds(10));
            await _saw.WaitForAsync($"accepted POST to {url}", r => r.Method == "POST" && r.Url == url && r.Status == 200, TimeSpan.FromSeconds(10));
        }
    }

    private void AssertOneUnverifiedShopper(DeliveredContact contact, string anonymousId, string pageUrl)
    {
        // What the page said about its visitor is a claim: a browser key cannot vouch for anyone.
        Assert.Equal(
            [$"customer_id={UserId}:unverified", $"email={Email}:unverified", $"visitor_id={anonymousId}:unverified"],
            contact.Identifiers.Select(i => $"{i.Type}={i.Value}:{(i.Verified ? "verified" : "unverified")}").Order());
        Assert.Equal(Name, contact.DisplayName);

        var pageView = Assert.Single(contact.Activities, a => a.Type == ActivityTypes.Telemetry && PayloadText(a, "segment") == "page");
        Assert.Equal(pageUrl, PayloadText(pageView, "url"));
        var order = Assert.Single(contact.Activities, a => a.Type == ActivityTypes.Conversion);
        Assert.Equal(129.9m, order.ConversionValue);
        Assert.Equal("EUR", order.Currency);
    }

    private static string? PayloadText(ContactActivity activity, string property)
    {
        using var payload = JsonDocument.Parse(activity.PayloadJson ?? "{}");
        return payload.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>What a colleague sees: the shopper's profile, no "Verified" badge, the page and the order, on a desktop and on a phone.</summary>
    private async Task AssertProfileShowsTheShopperAsync(long contactId, string anonymousId, string pageUrl, string screenshot)
    {
        var admin = await browser.SignedInPageAsync(SiteFactory.AdminEmail);
        await admin.GotoAsync($"/admin/customers/{contactId}");
        await Expect(admin.Locator(".contact-header h1")).ToHaveTextAsync(Name);
        var identifiers = admin.Locator("ul.identifiers li");
        await Expect(identifiers).ToHaveCountAsync(3);
        foreach (var value in new[] { anonymousId, Email, UserId })
        {
            await Expect(identifiers.Filter(new() { HasText = value })).ToHaveCountAsync(1);
        }
        await Expect(admin.Locator("ul.identifiers .badge-verified")).ToHaveCountAsync(0);
        await Expect(admin.GetByTestId("summary-conversions")).ToContainTextAsync("129.90 EUR");
        var timeline = admin.Locator(".timeline .activity-words");
        await Expect(timeline.Filter(new() { HasText = "Converted: 129.90 EUR" })).ToHaveCountAsync(1);
        await Expect(timeline.Filter(new() { HasText = "Viewed " + pageUrl })).ToHaveCountAsync(1);
        await BrowserSite.ScreenshotAsync(admin, screenshot + "-contact");
        await admin.SetViewportSizeAsync(390, 844);
        await admin.ReloadAsync();
        await Expect(admin.Locator(".contact-header h1")).ToHaveTextAsync(Name);
        await BrowserSite.ScreenshotAsync(admin, screenshot + "-contact-phone");
        await admin.Context.CloseAsync();
    }
}

using System.Net;
using System.Text.Json;
using Comerix.Crm.Api.Security;
using Comerix.Crm.Tests.Api;
using Comerix.Crm.Tests.Site;
using static Comerix.Crm.Tests.Api.BrowserRequests;

namespace Comerix.Crm.Tests.Security;

/// <summary>
/// The fixes of the browser-key review beyond BrowserKeyAttackTests: what a batch costs, IPv6 addresses counted per
/// /64, Origin spellings that are not echoed, settings no cache shares and that do not name the key.
/// Uses the rate-limited site (a burst of 3 per address and browser key, 1 a second after it); each test sends from
/// addresses of its own.
/// </summary>
public sealed class BrowserKeyHardeningTests(BrowserRateLimitedSiteFactory site) : IClassFixture<BrowserRateLimitedSiteFactory>
{
    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void AddressesAreCountedPerIPv4AddressAndPerIPv6Slash64(string address, string countedAs) =>
        Assert.Equal(countedAs, ClientAddress.PartitionOf(IPAddress.Parse(address)));

    [Fact]
    public async Task WrongKeysFromOneIPv6Slash64AreCountedTogether()
    {
        await site.CreateBrowserKeyAsync("https://v6.shop.test");
        using var http = site.ApiClient(null);
        for (var i = 1; i <= 25; i++)
        {
            await http.SendAsync(From($"2001:db8:aa:1::{i:x}", Get($"v1/projects/cxk_aaaaaaaaaaaa_{i:D32}/settings", null)));
        }
        var sameNetwork = await http.SendAsync(From("2001:db8:aa:1:ffff::1", Get("v1/projects/cxk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/settings", null)));
        var nextNetwork = await http.SendAsync(From("2001:db8:aa:2::1", Get("v1/projects/cxk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/settings", null)));
        Assert.Equal(HttpStatusCode.TooManyRequests, sameNetwork.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nextNetwork.StatusCode);
    }

    [Fact]
    public async Task ABrowserBatchOverTheCapIs413NamingItAndStoresNothing()
    {
        const string origin = "https://cap.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();
        var response = await http.SendAsync(From("203.0.113.60", Post("v1/b", origin, new { writeKey = key, batch = Pages("cap", 101) })));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("too-many-events", body);
        Assert.Contains("at most 100 events; this one has 101", body);
        Assert.Equal(origin, AllowOrigin(response));
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task EachEventOfABrowserBatchCostsARequestOfTheAddressAllowance()
    {
        const string origin = "https://cost.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();

        // A full allowance takes the largest batch an SDK sends (RudderStack's 100), and then owes it.
        var batch = await http.SendAsync(From("203.0.113.61", Post("v1/b", origin, new { writeKey = key, batch = Pages("cost", 100) })));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var next = await http.SendAsync(From("203.0.113.61", Post("v1/p", origin, PageEvent(key, "cost-next", "cost-next", origin))));
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        // 100 events at 1 a second after a burst of 3: about 97 s before this address may send again.
        Assert.InRange(int.Parse(Header(next, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture), 90, 100);
        var otherVisitor = await http.SendAsync(From("203.0.113.62", Post("v1/p", origin, PageEvent(key, "cost-other", "cost-other", origin))));
        Assert.Equal(HttpStatusCode.OK, otherVisitor.StatusCode);
        Assert.Equal(before + 101, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task AServerKeyFromAUnicodeOriginIsRefusedWithoutAnEcho()
    {
        await site.CreateBrowserKeyAsync("https://xn--bcher-kva.example");
        var serverKey = await site.CreateApiKeyAsync();
        using var http = site.ApiClient(serverKey);
        var request = Post("v1/t", null, new { type = "track", @event = "x", anonymousId = "unicode" }, contentType: "application/json");
        request.Headers.TryAddWithoutValidation("Origin", "https://bücher.example");
        var response = await http.SendAsync(From("203.0.113.63", request));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(AllowOrigin(response));
    }

    [Fact]
    public async Task ABrowserKeyFromAUnicodeSpellingOfItsOriginIsRefused()
    {
        var key = await site.CreateBrowserKeyAsync("https://xn--bcher-kva.example");
        using var http = site.ApiClient(null);
        var request = Post("v1/p", null, PageEvent(key, "unicode-page", "unicode-page", "https://xn--bcher-kva.example"));
        request.Headers.TryAddWithoutValidation("Origin", "https://bücher.example");
        var response = await http.SendAsync(From("203.0.113.64", request));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("origin-not-allowed", await response.Content.ReadAsStringAsync());
        Assert.Null(AllowOrigin(response));
    }

    [Theory]
    [InlineData("settings")]
    [InlineData("sourceConfig")]
    public async Task TheSettingsAreNeitherCachedNorSharedAcrossHostsAndDoNotNameTheKey(string which)
    {
        const string origin = "https://settings.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var path = which == "settings" ? $"v1/projects/{key}/settings" : $"sourceConfig/?writeKey={key}";
        var response = await http.SendAsync(From(which == "settings" ? "203.0.113.66" : "203.0.113.67", Get(path, origin)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", Header(response, "Cache-Control"));
        var vary = Header(response, "Vary").Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Origin", vary);
        Assert.Contains("Host", vary);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Browser key", body);
        if (which == "sourceConfig")
        {
            Assert.Equal("Comerix CRM", JsonDocument.Parse(body).RootElement.GetProperty("source").GetProperty("name").GetString());
        }
    }

    private static object[] Pages(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => (object)new
        {
            type = "page",
            messageId = $"{prefix}-{i}",
            anonymousId = $"{prefix}-visitor",
            name = "Pricing",
        }).ToArray();

    private static HttpRequestMessage From(string address, HttpRequestMessage request)
    {
        request.Headers.Add(PeerFromHeader.Header, address);
        return request;
    }
}

/// <summary>
/// A Unicode spelling of a listed origin on a real Kestrel server, which refuses to send a non-ASCII header (the
/// echo into Access-Control-Allow-Origin used to turn these into 500s, for a browser key's preflight and for a
/// server key alike).
/// </summary>
public sealed class BrowserUnicodeOriginOnKestrelTests(KestrelSiteFactory site) : IClassFixture<KestrelSiteFactory>
{
    private const string Unicode = "https://bücher.example";

    [Fact]
    public async Task APreflightAndAServerKeyFromAUnicodeOriginAreRefusedNot500()
    {
        await site.CreateBrowserKeyAsync("https://xn--bcher-kva.example");
        var serverKey = await site.CreateApiKeyAsync();
        site.StartServer();
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 })
        {
            BaseAddress = new(site.KestrelAddress()),
        };

        var preflight = Preflight("v1/t", null);
        preflight.Headers.TryAddWithoutValidation("Origin", Unicode);
        var refused = await http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(AllowOrigin(refused));

        var fromPage = Post("v1/t", null, new { type = "track", @event = "x", anonymousId = "kestrel" }, contentType: "application/json");
        fromPage.Headers.TryAddWithoutValidation("Origin", Unicode);
        fromPage.Headers.Authorization = Bearer(serverKey);
        var serverKeyRefused = await http.SendAsync(fromPage);
        Assert.Equal(HttpStatusCode.Forbidden, serverKeyRefused.StatusCode);
        Assert.Contains("secret-key-in-browser", await serverKeyRefused.Content.ReadAsStringAsync());
    }
}

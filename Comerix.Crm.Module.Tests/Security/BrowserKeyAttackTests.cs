using System.Net;
using System.Text.Json;
using Comerix.Crm.Tests.Api;
using Comerix.Crm.Tests.Site;
using static Comerix.Crm.Tests.Api.BrowserRequests;

namespace Comerix.Crm.Tests.Security;

/// <summary>
/// Security review of issue 16 (browser keys), attacker's view. Each test states what an attacker can do today;
/// those that fail are open findings (see the review report), those that pass are attacks that held.
/// Uses the rate-limited site (a burst of 3 a second per address and browser key) and the test peer header.
/// </summary>
public sealed class BrowserKeyAttackTests(BrowserRateLimitedSiteFactory site) : IClassFixture<BrowserRateLimitedSiteFactory>
{
    /// <summary>
    /// FINDING: the body of a POST to /v1/* without Authorization is read (1 MiB, gunzipped, JSON-parsed) by
    /// authentication, looking for writeKey, before any per-address limit: a body with no key is 401, never 429,
    /// however often one address sends it. The per-address bucket is only reached after authorization succeeds.
    /// </summary>
    [Fact]
    public async Task OneAddressSendingKeylessBodiesIsLimitedLikeEveryOtherAnonymousRequest()
    {
        using var http = site.ApiClient(null);
        var padding = new string('A', 256 * 1024);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            var response = await http.SendAsync(FromPeer("203.0.113.50",
                Post("v1/t", "https://anyone.test", new { type = "track", @event = "x", anonymousId = "a", properties = new { padding } })));
            statuses.Add(response.StatusCode);
        }
        // The settings and metrics routes, which take no key either, answer 429 after the burst of 3.
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    /// <summary>
    /// FINDING: a batch counts as one request, so one address within its burst (3 here, 30 by default) stores
    /// 1,000 events per request with a public key: 30,000 made-up contacts at once, 5,000 a second after that.
    /// </summary>
    [Fact]
    public async Task OneAddressCannotStoreThousandsOfEventsWithinItsBurstByBatching()
    {
        const string origin = "https://batch.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();
        for (var request = 0; request < 4; request++)
        {
            var batch = Enumerable.Range(0, 500).Select(i => (object)new
            {
                type = "identify",
                messageId = $"flood-{request}-{i}",
                anonymousId = $"flood-{request}-{i}",
                traits = new { email = $"flood-{request}-{i}@example.com" },
            }).ToArray();
            await http.SendAsync(FromPeer("203.0.113.51", Post("v1/b", origin, new { writeKey = key, batch })));
        }
        // Three requests of 500 got through today: 1,500 events, 1,500 identified contacts, from one visitor.
        Assert.True(await site.StoredEventCountAsync() - before < 1000,
            "one address stored more than 1,000 events within a burst of 3 requests with a public key");
    }

    /// <summary>
    /// FINDING: an Origin whose host is written in Unicode (or full-width letters) canonicalises to a listed
    /// punycode origin, and the header is echoed as sent into Access-Control-Allow-Origin; Kestrel refuses a
    /// non-ASCII response header, so the real server answers 500 (curl -H 'Origin: https://bücher.example').
    /// In the test server the header goes out non-ASCII instead; both are wrong.
    /// </summary>
    [Fact]
    public async Task AUnicodeSpellingOfAListedOriginIsNotEchoedIntoTheAnswer()
    {
        await site.CreateBrowserKeyAsync("https://xn--bcher-kva.example");
        using var http = site.ApiClient(null);
        var preflight = new HttpRequestMessage(HttpMethod.Options, "v1/t");
        preflight.Headers.TryAddWithoutValidation("Origin", "https://bücher.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await http.SendAsync(preflight);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        var allowed = AllowOrigin(response);
        Assert.True(allowed is null || allowed.All(char.IsAscii), $"Access-Control-Allow-Origin is not ASCII: {allowed}");
    }

    /// <summary>
    /// FINDING: wrong keys are counted per address, and once an address is over, every key it presents is refused,
    /// valid ones included. Any page can make its visitors' browsers send wrong keys (a text/plain POST or an img
    /// GET of /v1/projects/{junk}/settings needs no preflight), and behind a proxy that is not in KnownProxies every
    /// client shares one address: 20 requests lock the whole API (every tenant) out for everyone.
    /// </summary>
    [Fact]
    public async Task WrongKeysFromAnAddressDoNotLockOutAValidKeyFromIt()
    {
        const string origin = "https://lockout.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        for (var i = 0; i < 25; i++)
        {
            await http.SendAsync(FromPeer("203.0.113.52", Get($"v1/projects/cxk_aaaaaaaaaaaa_{i:D32}/settings", null)));
        }
        var valid = await http.SendAsync(FromPeer("203.0.113.52", Get($"v1/projects/{key}/settings", origin)));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    /// <summary>HELD: a browser key is refused on every non-browser route, in a header or as writeKey in the body.</summary>
    [Theory]
    [InlineData("GET", "api/crm/contacts")]
    [InlineData("GET", "api/crm/contacts/1")]
    [InlineData("GET", "api/crm/contacts/1/export")]
    [InlineData("POST", "api/crm/events")]
    [InlineData("POST", "api/crm/do-not-contact")]
    [InlineData("POST", "api/crm/erasure")]
    public async Task ABrowserKeyNeverOpensAServerRoute(string method, string path)
    {
        const string origin = "https://routes.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", origin);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        if (method == "POST")
        {
            request.Content = ApiJson.Body(new { type = "email", value = "victim@example.com" });
        }
        var inHeader = await http.SendAsync(FromPeer("203.0.113.53", request));
        Assert.Equal(HttpStatusCode.Forbidden, inHeader.StatusCode);
        Assert.Contains("browser-key-not-allowed", await inHeader.Content.ReadAsStringAsync());

        if (method == "POST")
        {
            var inBody = await http.SendAsync(FromPeer("203.0.113.53",
                Post(path, origin, JsonSerializer.Serialize(new { writeKey = key, type = "email", value = "victim@example.com" }), contentType: "application/json")));
            Assert.Equal(HttpStatusCode.Unauthorized, inBody.StatusCode);
        }
    }

    private static HttpRequestMessage FromPeer(string address, HttpRequestMessage request)
    {
        request.Headers.Add(PeerFromHeader.Header, address);
        return request;
    }
}

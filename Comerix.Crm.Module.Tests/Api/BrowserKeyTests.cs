using System.Net;
using System.Text.Json;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Tests.Site;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Api.BrowserRequests;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// Browser keys: public, so they send events only, only on the Segment routes, only from the origins they list; a
/// server key is refused from a web page. What analytics.js and RudderStack's SDK send (writeKey in a text/plain
/// body, Basic auth, the short routes) is taken as they send it.
/// </summary>
public sealed class BrowserKeyTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AnalyticsJsEventsWithTheWriteKeyInATextPlainBodyAreStored()
    {
        const string origin = "https://ajs.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();

        // No Authorization header: the key is only the body's writeKey.
        var page = await http.SendAsync(Post("v1/p", origin, PageEvent(key, "anon-ajs-1", "ajs-p1", origin)));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("{\"success\":true}", await page.Content.ReadAsStringAsync());
        Assert.Equal(origin, AllowOrigin(page));

        // What analytics.js actually sends: Basic auth as well as the body's writeKey.
        var track = await http.SendAsync(Post("v1/t", origin, new
        {
            writeKey = key, type = "track", @event = "Signed Up", anonymousId = "anon-ajs-1", messageId = "ajs-t1",
            context = new { page = new { path = "/signup", url = origin + "/signup" } },
        }, basicKey: key));
        Assert.Equal(HttpStatusCode.OK, track.StatusCode);
        Assert.Equal(before + 2, await site.StoredEventCountAsync());

        // A retried message is stored once, as on the long routes.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/p", origin, PageEvent(key, "anon-ajs-1", "ajs-p1", origin)))).StatusCode);
        Assert.Equal(before + 2, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task EveryShortRouteTakesItsTypeAndTheLongRoutesStillWork()
    {
        const string origin = "https://short.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();
        var messages = new (string Route, object Body)[]
        {
            ("v1/i", new { writeKey = key, type = "identify", anonymousId = "anon-short", messageId = "sr-i", traits = new { plan = "free" } }),
            ("v1/t", new { writeKey = key, type = "track", @event = "Clicked", anonymousId = "anon-short", messageId = "sr-t" }),
            ("v1/p", new { writeKey = key, type = "page", anonymousId = "anon-short", messageId = "sr-p" }),
            ("v1/s", new { writeKey = key, type = "screen", anonymousId = "anon-short", messageId = "sr-s" }),
            ("v1/a", new { writeKey = key, type = "alias", previousId = "anon-short", userId = "short-user", messageId = "sr-a" }),
            ("v1/g", new { writeKey = key, type = "group", anonymousId = "anon-short", groupId = "g-short", messageId = "sr-g" }),
            ("v1/b", new
            {
                writeKey = key, sentAt = "2026-12-04T10:00:00Z",
                batch = new object[]
                {
                    new { type = "page", anonymousId = "anon-short", messageId = "sr-b1" },
                    new { type = "track", @event = "Batched", anonymousId = "anon-short", messageId = "sr-b2" },
                },
            }),
            ("v1/track", new { writeKey = key, type = "track", @event = "Long", anonymousId = "anon-short", messageId = "sr-long" }),
        };
        foreach (var (route, body) in messages)
        {
            var response = await http.SendAsync(Post(route, origin, body));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(before + 9, await site.StoredEventCountAsync());

        // A short route stands for its type, as the long one does.
        var mismatch = await http.SendAsync(Post("v1/p", origin, new { writeKey = key, type = "track", @event = "X", anonymousId = "anon-short" }));
        Assert.Contains("sent to /v1/page", await ProblemAsync(mismatch, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task ABrowserKeyIsRefusedFromAnOriginItDoesNotListOrWithoutOne()
    {
        var key = await site.CreateBrowserKeyAsync("https://mine.shop.test");
        await site.CreateBrowserKeyAsync("https://theirs.shop.test");
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();

        // Another key lists this origin, so the answer is readable there; this key does not, so it is refused.
        var wrong = await http.SendAsync(Post("v1/p", "https://theirs.shop.test", PageEvent(key, "anon-wrong", "wo-1", "https://theirs.shop.test")));
        var detail = await ProblemAsync(wrong, HttpStatusCode.Forbidden);
        Assert.Contains("not from https://theirs.shop.test", detail);
        Assert.Contains("https://mine.shop.test", detail);
        Assert.Equal("https://theirs.shop.test", AllowOrigin(wrong));

        var none = await http.SendAsync(Post("v1/p", origin: null, PageEvent(key, "anon-wrong", "wo-2", "https://mine.shop.test"), basicKey: key));
        Assert.Contains("sent no Origin header", await ProblemAsync(none, HttpStatusCode.Forbidden));
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task ABrowserKeyCanOnlySendEventsOnTheSegmentRoutes()
    {
        const string origin = "https://crm.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var events = await http.SendAsync(Post("api/crm/events", origin, new
        {
            id = "browser-native", type = "telemetry", occurredAt = "2026-12-04T10:00:00Z",
            claims = new[] { new { type = "email", value = "someone@shop.test", verified = true } },
        }, basicKey: key, contentType: "application/json"));
        Assert.Contains("can only send events", await ProblemAsync(events, HttpStatusCode.Forbidden));

        foreach (var path in new[] { "api/crm/contacts", "api/crm/contacts/1", "api/crm/erasure/1" })
        {
            var read = Get(path, origin);
            read.Headers.Authorization = Bearer(key);
            Assert.Contains("can only send events", await ProblemAsync(await http.SendAsync(read), HttpStatusCode.Forbidden));
        }
        var dnc = await http.SendAsync(Post("api/crm/do-not-contact", origin, new { type = "email", value = "x@shop.test", reason = "unsubscribed" },
            basicKey: key, contentType: "application/json"));
        Assert.Contains("can only send events", await ProblemAsync(dnc, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task AServerKeySentFromAWebPageIsRefused()
    {
        await site.CreateBrowserKeyAsync("https://page.shop.test");
        var serverKey = await site.CreateApiKeyAsync();
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();

        var fromPage = await http.SendAsync(Post("v1/track", "https://page.shop.test",
            new { type = "track", @event = "Leaked", anonymousId = "anon-leak", messageId = "leak-1" }, basicKey: serverKey, contentType: "application/json"));
        Assert.Contains("server key is a secret", await ProblemAsync(fromPage, HttpStatusCode.Forbidden));
        var inBody = await http.SendAsync(Post("v1/t", "https://page.shop.test",
            new { writeKey = serverKey, type = "track", @event = "Leaked", anonymousId = "anon-leak", messageId = "leak-2" }));
        await ProblemAsync(inBody, HttpStatusCode.Forbidden);
        var native = await http.SendAsync(Post("api/crm/events", "https://page.shop.test",
            new { id = "leak-3", type = "telemetry", occurredAt = "2026-12-04T10:00:00Z", claims = new[] { new { type = "visitor_id", value = "v-leak" } } },
            basicKey: serverKey, contentType: "application/json"));
        await ProblemAsync(native, HttpStatusCode.Forbidden);
        Assert.Equal(before, await site.StoredEventCountAsync());

        // From a server (no Origin) the same key works, and may put the key in the body too.
        var fromServer = await http.SendAsync(Post("v1/t", origin: null,
            new { writeKey = serverKey, type = "track", @event = "Server", anonymousId = "anon-leak", messageId = "leak-4" }));
        Assert.Equal(HttpStatusCode.OK, fromServer.StatusCode);
    }

    [Fact]
    public async Task ABodyThatCannotBeReadIsAnsweredWithWhatIsWrongNotA401()
    {
        const string origin = "https://body.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var html = await http.SendAsync(Post("v1/t", origin, "{\"writeKey\":\"" + key + "\"}", contentType: "text/html"));
        await ProblemAsync(html, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(origin, AllowOrigin(html));
        var broken = await http.SendAsync(Post("v1/t", origin, "{\"writeKey\":\"" + key + "\", \"type\": "));
        Assert.Contains("not valid JSON", await ProblemAsync(broken, HttpStatusCode.BadRequest));
        var huge = await http.SendAsync(Post("v1/b", origin, "{\"writeKey\":\"" + key + "\",\"batch\":[\"" + new string('x', 1024 * 1024) + "\"]}"));
        await ProblemAsync(huge, HttpStatusCode.RequestEntityTooLarge);
        var empty = await http.SendAsync(Post("v1/t", origin, ""));
        Assert.Contains("empty", await ProblemAsync(empty, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task MetricsAreTakenWithoutAKeyAndDropped()
    {
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();
        var metrics = await http.SendAsync(Post("v1/m", "https://anywhere.test", new
        {
            series = new[] { new { type = "Counter", metric = "analytics_js.invoke.error", value = 1, tags = new { library = "analytics.js" } } },
        }));
        Assert.Equal(HttpStatusCode.NoContent, metrics.StatusCode);
        Assert.Equal(before, await site.StoredEventCountAsync());
        var huge = await http.SendAsync(Post("v1/m", null, "{\"x\":\"" + new string('x', 1024 * 1024) + "\"}"));
        await ProblemAsync(huge, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task TheAnalyticsJsSettingsPointItAtThisSiteForALiveBrowserKeyOnly()
    {
        const string origin = "https://cdn.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var response = await http.SendAsync(Get($"v1/projects/{key}/settings", origin));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, AllowOrigin(response));
        var segmentIo = (await ReadAsync(response)).GetProperty("integrations").GetProperty("Segment.io");
        Assert.Equal(key, segmentIo.GetProperty("apiKey").GetString());
        Assert.Equal($"{http.BaseAddress!.Authority}/v1", segmentIo.GetProperty("apiHost").GetString());
        Assert.Equal(http.BaseAddress.Scheme, segmentIo.GetProperty("protocol").GetString());

        var serverKey = await site.CreateApiKeyAsync();
        var revoked = await site.CreateBrowserKeyAsync(origin);
        await RevokeAsync(revoked);
        foreach (var other in new[] { serverKey, revoked, "cxk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "not-a-key" })
        {
            var missing = await http.SendAsync(Get($"v1/projects/{other}/settings", origin));
            Assert.Contains("No live browser key", await ProblemAsync(missing, HttpStatusCode.NotFound));
            Assert.Equal(origin, AllowOrigin(missing));
        }
    }

    [Fact]
    public async Task ATenantUnderAPathPrefixPointsTheSdksAtItsOwnRoutes()
    {
        await site.Services.GetRequiredService<Comerix.SiteHost.Data.SiteSetup>()
            .CreateTenantAsync("browserprefix", "browserprefix", null, Comerix.SiteHost.Data.SiteSetup.DefaultRecipePath);
        const string origin = "https://prefix.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin, tenant: "browserprefix");
        using var http = site.ApiClient(null, "/t/browserprefix");
        var settings = await http.SendAsync(Get($"v1/projects/{key}/settings", origin));
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var apiHost = (await ReadAsync(settings)).GetProperty("integrations").GetProperty("Segment.io").GetProperty("apiHost").GetString();
        Assert.Equal($"{http.BaseAddress!.Authority}/t/browserprefix/v1", apiHost);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/p", origin, PageEvent(key, "anon-prefix", "prefix-1", origin)))).StatusCode);
        Assert.Equal(1, await site.StoredEventCountAsync("browserprefix"));

        // Another tenant's browser key and origins mean nothing here.
        using var root = site.ApiClient(null);
        await ProblemAsync(await root.SendAsync(Get($"v1/projects/{key}/settings", origin)), HttpStatusCode.NotFound);
        var preflight = await root.SendAsync(Preflight("v1/p", origin));
        await ProblemAsync(preflight, HttpStatusCode.Forbidden);
        Assert.Null(AllowOrigin(preflight));
    }

    [Fact]
    public async Task TheRudderStackSourceConfigIsAValidSourceWithNoDestinations()
    {
        const string origin = "https://rudder.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        foreach (var path in new[] { $"sourceConfig/?p=npm&v=3.34.1&build=modern&writeKey={key}&lockIntegrationsVersion=true", $"sourceConfig?writeKey={key}" })
        {
            var response = await http.SendAsync(Get(path, origin));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(origin, AllowOrigin(response));
            var source = (await ReadAsync(response)).GetProperty("source");
            Assert.Equal(key.Split('_')[1], source.GetProperty("id").GetString());
            Assert.Equal(JsonValueKind.Object, source.GetProperty("config").ValueKind);
            Assert.Equal(0, source.GetProperty("destinations").GetArrayLength());
            Assert.True(source.GetProperty("enabled").GetBoolean());
        }
        // The SDK also sends the key as Basic auth.
        var basic = Get("sourceConfig/?p=npm", origin);
        basic.Headers.Authorization = Basic(key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(basic)).StatusCode);

        var serverKey = await site.CreateApiKeyAsync();
        await ProblemAsync(await http.SendAsync(Get($"sourceConfig/?writeKey={serverKey}", origin)), HttpStatusCode.NotFound);
        await ProblemAsync(await http.SendAsync(Get("sourceConfig/", origin)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WhoABrowserSaysItIsStaysUnverifiedSoItCannotMergeTwoCustomers()
    {
        const string origin = "https://claims.shop.test";
        var browserKey = await site.CreateBrowserKeyAsync(origin);
        using var server = site.ApiClient(await site.CreateApiKeyAsync());
        var alice = await CustomerAsync(server, "claims-alice", "alice@claims.test");
        var bob = await CustomerAsync(server, customerId: null, "bob@claims.test");

        // A browser (anyone's console) says it is customer claims-alice, with Bob's email.
        using var http = site.ApiClient(null);
        var identify = await http.SendAsync(Post("v1/i", origin, new
        {
            writeKey = browserKey, type = "identify", userId = "claims-alice", anonymousId = "anon-claims", messageId = "claims-i1",
            traits = new { email = "bob@claims.test" },
        }));
        Assert.Equal(HttpStatusCode.OK, identify.StatusCode);

        // Two customers are not merged on a browser's word: the pair waits for a person to decide.
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var queue = await manager.GetPageAsync("/admin/customers/matching");
        var row = queue.QuerySelectorAll("[data-review-id]").Single(r => r.TextContent.Contains($"#{alice}") && r.TextContent.Contains($"#{bob}"));
        Assert.Contains("tied by an unverified customer_id and email", row.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{alice}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{bob}")).StatusCode);

        // The same message from a server, which knows who its user is, is taken at its word (another pair).
        var carol = await CustomerAsync(server, "claims-carol", "carol@claims.test");
        var dave = await CustomerAsync(server, customerId: null, "dave@claims.test");
        var serverIdentify = await server.PostAsync("v1/identify", Body(new
        {
            type = "identify", userId = "claims-carol", anonymousId = "anon-claims-2", messageId = "claims-i2", traits = new { email = "dave@claims.test" },
        }));
        Assert.Equal(HttpStatusCode.OK, serverIdentify.StatusCode);
        var merged = new[] { await manager.GetAsync($"/admin/customers/{carol}"), await manager.GetAsync($"/admin/customers/{dave}") };
        Assert.Contains(HttpStatusCode.MovedPermanently, merged.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task EveryIdentifierABrowserSendsIsStoredUnverified()
    {
        const string origin = "https://verified.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/i", origin, new
        {
            writeKey = key, type = "identify", userId = "vf-user", anonymousId = "anon-vf", messageId = "vf-i",
            traits = new { email = "vf@verified.test", phone = "+1 617 555 0199", firstName = "Vera" },
        }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/a", origin, new
        {
            writeKey = key, type = "alias", previousId = "anon-vf-before", userId = "vf-user", messageId = "vf-a",
        }))).StatusCode);

        using var reader = site.ApiClient(await site.CreateApiKeyAsync("read"));
        var list = await ReadAsync(await reader.GetAsync("api/crm/contacts?audience=all&q=vf%40verified.test"));
        var id = list.GetProperty("contacts").EnumerateArray().Single().GetProperty("id").GetInt64();
        var contact = await ReadAsync(await reader.GetAsync($"api/crm/contacts/{id}"));
        var identifiers = contact.GetProperty("identifiers").EnumerateArray()
            .ToDictionary(i => $"{i.GetProperty("type").GetString()}={i.GetProperty("value").GetString()}", i => i.GetProperty("verified").GetBoolean());
        Assert.Equal(["customer_id=vf-user", "email=vf@verified.test", "phone=+16175550199", "visitor_id=anon-vf", "visitor_id=anon-vf-before"],
            identifiers.Keys.Order());
        Assert.All(identifiers, i => Assert.False(i.Value, i.Key));
        Assert.Equal("Vera", contact.GetProperty("traits").GetProperty("first_name").GetString());
    }

    /// <summary>
    /// What a browser's claim still does, as a web form's would: a visitor who says they are a customer (their email or
    /// user id) is attached to that customer, with the traits it sent. Nothing it sends is marked verified.
    /// </summary>
    [Fact]
    public async Task AnAnonymousVisitorWhoClaimsACustomersEmailIsAttachedToThemAsAFormsWouldBe()
    {
        const string origin = "https://attach.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var server = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        var erin = await CustomerAsync(server, "attach-erin", "erin@attach.test");

        using var http = site.ApiClient(null);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/p", origin, PageEvent(key, "anon-attach", "attach-p", origin)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/i", origin, new
        {
            writeKey = key, type = "identify", anonymousId = "anon-attach", messageId = "attach-i", traits = new { email = "erin@attach.test", plan = "typed" },
        }))).StatusCode);

        var contact = await ReadAsync(await server.GetAsync($"api/crm/contacts/{erin}"));
        var visitor = contact.GetProperty("identifiers").EnumerateArray().Single(i => i.GetProperty("value").GetString() == "anon-attach");
        Assert.False(visitor.GetProperty("verified").GetBoolean());
        Assert.Equal("typed", contact.GetProperty("traits").GetProperty("plan").GetString());
        Assert.True(contact.GetProperty("identifiers").EnumerateArray()
            .Single(i => i.GetProperty("value").GetString() == "erin@attach.test").GetProperty("verified").GetBoolean());
    }

    /// <summary>
    /// The probe of issue 16 item 3: a page that says it is a customer (her email) is still attached to her, but what it
    /// says about her only fills her gaps; her name and traits stay. The shop's server, which knows its user, still may.
    /// </summary>
    [Fact]
    public async Task ABrowserClaimingACustomersEmailFillsHerGapsButCannotRenameHerAndHerServerStillCan()
    {
        const string origin = "https://probe.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var server = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        var alice = (await PostEventAsync(server, new
        {
            id = "probe-alice", type = "telemetry", occurredAt = "2026-12-04T09:00:00Z",
            claims = new object[]
            {
                new { type = "email", value = "alice@probe.test", verified = true },
                new { type = "customer_id", value = "probe-alice", verified = true },
            },
            traits = new { first_name = "Alice", plan = "gold" },
        })).GetProperty("contactId").GetInt64();

        using var http = site.ApiClient(null);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/i", origin, new
        {
            writeKey = key, type = "identify", anonymousId = "anon-probe", messageId = "probe-i",
            traits = new { email = "alice@probe.test", firstName = "Mallory2", name = "Alice Mallory", plan = "free", city = "Lyon" },
        }))).StatusCode);

        var probed = await ReadAsync(await server.GetAsync($"api/crm/contacts/{alice}"));
        Assert.Contains(probed.GetProperty("identifiers").EnumerateArray(), i => i.GetProperty("value").GetString() == "anon-probe");
        Assert.Equal("Alice", probed.GetProperty("displayName").GetString());
        var traits = probed.GetProperty("traits");
        Assert.Equal(("Alice", "gold", "Lyon"),
            (traits.GetProperty("first_name").GetString(), traits.GetProperty("plan").GetString(), traits.GetProperty("city").GetString()));

        // The same identify from the shop's server names its user (a verified userId): it updates her.
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("v1/identify", Body(new
        {
            type = "identify", userId = "probe-alice", messageId = "probe-i2",
            traits = new { firstName = "Alice", lastName = "Liddell", plan = "platinum" },
        }))).StatusCode);
        var updated = await ReadAsync(await server.GetAsync($"api/crm/contacts/{alice}"));
        Assert.Equal("Alice Liddell", updated.GetProperty("displayName").GetString());
        Assert.Equal("platinum", updated.GetProperty("traits").GetProperty("plan").GetString());
    }

    /// <summary>A customer the shop's server vouches for: its customer id (when given) and email, verified.</summary>
    private static async Task<long> CustomerAsync(HttpClient server, string? customerId, string email)
    {
        var claims = new List<object> { new { type = "email", value = email, verified = true } };
        if (customerId is not null)
        {
            claims.Add(new { type = "customer_id", value = customerId, verified = true });
        }
        var result = await PostEventAsync(server, new { id = $"claims-{email}", type = "telemetry", occurredAt = "2026-12-04T09:00:00Z", claims });
        return result.GetProperty("contactId").GetInt64();
    }

    [Fact]
    public async Task TheOpenApiDocumentListsEveryBrowserRoute()
    {
        using var http = site.ApiClient(null);
        var paths = (await ReadAsync(await http.GetAsync("openapi/crm.json"))).GetProperty("paths");
        foreach (var route in new[] { "i", "t", "p", "s", "a", "g", "b", "identify", "track", "page", "screen", "alias", "group", "batch" })
        {
            var operations = paths.GetProperty($"/v1/{route}");
            Assert.True(operations.TryGetProperty("post", out _), route);
            Assert.True(operations.TryGetProperty("options", out _), route);
        }
        Assert.True(paths.GetProperty("/v1/m").TryGetProperty("post", out _));
        Assert.Contains("analytics.js", paths.GetProperty("/v1/projects/{writeKey}/settings").GetProperty("get").GetProperty("summary").GetString());
        Assert.Contains("RudderStack", paths.GetProperty("/sourceConfig").GetProperty("get").GetProperty("summary").GetString());
        Assert.True(paths.GetProperty("/sourceConfig").TryGetProperty("options", out _));
    }

    private async Task RevokeAsync(string key)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync("Default", key.Split('_')[1], "test"));
    }
}

using System.Net;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Tests.Site;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Api.BrowserRequests;

namespace Comerix.Crm.Tests.Api;

/// <summary>CORS on the browser routes: answered for the origins live browser keys list, refused for any other.</summary>
public sealed class BrowserCorsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task APreflightFromAListedOriginAllowsWhatTheSdksSendOnEveryBrowserRoute()
    {
        await site.CreateBrowserKeyAsync("https://preflight.shop.test/\nhttp://localhost:5173");
        using var http = site.ApiClient(null);
        foreach (var path in new[] { "v1/t", "v1/i", "v1/p", "v1/s", "v1/a", "v1/g", "v1/b", "v1/m", "v1/track", "v1/page", "v1/batch",
                     "v1/projects/cxk_x_y/settings", "sourceConfig", "sourceConfig/" })
        {
            var response = await http.SendAsync(Preflight(path, "https://preflight.shop.test", "authorization,content-type,x-retry-count,x-evil"));
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("https://preflight.shop.test", AllowOrigin(response));
            Assert.Equal("GET, POST, OPTIONS", Header(response, "Access-Control-Allow-Methods"));
            // What was asked for and is allowed, as the browser spelled it; never a header the SDKs do not send.
            Assert.Equal("authorization, content-type, x-retry-count", Header(response, "Access-Control-Allow-Headers"));
            Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
            Assert.Contains("Origin", Header(response, "Vary"));
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        }
        // RudderStack's SDK sends its anonymous id in a header of its own; the dev server's port is part of the origin.
        var rudder = await http.SendAsync(Preflight("v1/track", "http://localhost:5173", "accept,anonymousid,authorization,content-type"));
        Assert.Equal(HttpStatusCode.NoContent, rudder.StatusCode);
        Assert.Equal("http://localhost:5173", AllowOrigin(rudder));
        Assert.Equal("accept, anonymousid, authorization, content-type", Header(rudder, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task APreflightFromAnUnlistedOriginOrWithoutOneIsRefused()
    {
        await site.CreateBrowserKeyAsync("https://listed.shop.test");
        using var http = site.ApiClient(null);
        foreach (var origin in new[] { "https://evil.test", "http://listed.shop.test", "https://listed.shop.test:8443", "null" })
        {
            var refused = await http.SendAsync(Preflight("v1/t", origin));
            Assert.Contains(origin, await ProblemAsync(refused, HttpStatusCode.Forbidden));
            Assert.Null(AllowOrigin(refused));
            Assert.False(refused.Headers.Contains("Access-Control-Allow-Methods"));
        }
        var anonymous = await http.SendAsync(Preflight("v1/t", origin: null));
        Assert.Contains("sent no Origin", await ProblemAsync(anonymous, HttpStatusCode.Forbidden));
        Assert.Null(AllowOrigin(anonymous));
    }

    [Fact]
    public async Task ARevokedKeysOriginsAreNoLongerAnswered()
    {
        var key = await site.CreateBrowserKeyAsync("https://revoked.shop.test");
        using var http = site.ApiClient(null);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(Preflight("v1/t", "https://revoked.shop.test"))).StatusCode);
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync("Default", key.Split('_')[1], "test"));
        }
        var refused = await http.SendAsync(Preflight("v1/t", "https://revoked.shop.test"));
        await ProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Null(AllowOrigin(refused));
        var sent = await http.SendAsync(Post("v1/t", "https://revoked.shop.test", PageEvent(key, "anon-revoked", "m-revoked", "https://revoked.shop.test")));
        Assert.Contains("revoked", await ProblemAsync(sent, HttpStatusCode.Unauthorized));
        Assert.Null(AllowOrigin(sent));
    }

    [Fact]
    public async Task ErrorsToAListedOriginCarryCorsHeadersSoTheSdkCanReadThem()
    {
        var key = await site.CreateBrowserKeyAsync("https://errors.shop.test");
        using var http = site.ApiClient(null);
        const string origin = "https://errors.shop.test";

        var wrongKey = await http.SendAsync(Post("v1/t", origin, new { writeKey = "cxk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", type = "track", @event = "X", anonymousId = "a" }));
        await ProblemAsync(wrongKey, HttpStatusCode.Unauthorized);
        Assert.Equal(origin, AllowOrigin(wrongKey));
        Assert.Contains("Origin", Header(wrongKey, "Vary"));

        var noKey = await http.SendAsync(Post("v1/t", origin, new { type = "track", @event = "X", anonymousId = "a" }));
        await ProblemAsync(noKey, HttpStatusCode.Unauthorized);
        Assert.Equal(origin, AllowOrigin(noKey));

        var invalid = await http.SendAsync(Post("v1/t", origin, new { writeKey = key, type = "track", anonymousId = "a" }));
        Assert.Contains("event name", await ProblemAsync(invalid, HttpStatusCode.BadRequest));
        Assert.Equal(origin, AllowOrigin(invalid));

        var tooLarge = await http.SendAsync(Post("v1/t", origin, "{\"writeKey\":\"" + key + "\",\"pad\":\"" + new string('x', 1024 * 1024) + "\"}"));
        await ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(origin, AllowOrigin(tooLarge));

        // The same answers to a page of an origin no key lists carry nothing a browser would let it read.
        var unlisted = await http.SendAsync(Post("v1/t", "https://elsewhere.test", new { writeKey = key, type = "track", @event = "X", anonymousId = "a" }));
        await ProblemAsync(unlisted, HttpStatusCode.Forbidden);
        Assert.Null(AllowOrigin(unlisted));
        Assert.Contains("Origin", Header(unlisted, "Vary"));
    }
}

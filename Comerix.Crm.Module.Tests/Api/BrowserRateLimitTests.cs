using System.Net;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Api.BrowserRequests;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// A site whose browser keys let one address send three requests at once and one a second after that; the test
/// server has no network peer, so the client address comes from a test header, set before the site's middleware.
/// </summary>
public sealed class BrowserRateLimitedSiteFactory : SiteFactory
{
    public const string PeerHeader = "X-Test-Peer";

    public BrowserRateLimitedSiteFactory()
    {
        Settings["Crm:Api:BrowserRateLimitPerAddressBurst"] = "3";
        Settings["Crm:Api:BrowserRateLimitPerAddressPerSecond"] = "1";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }
                return inner(context);
            });
            next(app);
        };
    }
}

public sealed class BrowserRateLimitTests(BrowserRateLimitedSiteFactory site) : IClassFixture<BrowserRateLimitedSiteFactory>
{
    [Fact]
    public async Task OneAddressOverItsLimitGets429WithRetryAfterWhileAnotherVisitorIsNotSlowedDown()
    {
        const string origin = "https://busy.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        var before = await site.StoredEventCountAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await http.SendAsync(From("203.0.113.7", Post("v1/p", origin, PageEvent(key, "anon-bot", $"bot-{i}", origin))));
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.NotNull(limited);
        // The burst of three, plus whatever the bucket refilled (one a second) while a slow machine sent them.
        var accepted = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(accepted, 3, statuses.Count - 1);
        Assert.Contains("this browser key than one visitor may", await ProblemAsync(limited, HttpStatusCode.TooManyRequests));
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        // The page can read the answer, and Retry-After in it, to back off.
        Assert.Equal(origin, AllowOrigin(limited));
        Assert.Contains("Retry-After", Header(limited, "Access-Control-Expose-Headers"));
        Assert.Equal(before + accepted, await site.StoredEventCountAsync());

        // Another visitor with the same key, from another address, is served.
        var other = await http.SendAsync(From("198.51.100.20", Post("v1/p", origin, PageEvent(key, "anon-human", "human-1", origin))));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task TheSettingsRoutesNeedNoKeyButAreLimitedPerAddress()
    {
        const string origin = "https://settings.shop.test";
        var key = await site.CreateBrowserKeyAsync(origin);
        using var http = site.ApiClient(null);
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await http.SendAsync(From("203.0.113.9", Get($"v1/projects/{key}/settings", origin)));
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.NotNull(limited);
        Assert.Contains("This address sent more requests", await ProblemAsync(limited, HttpStatusCode.TooManyRequests));
        Assert.Equal(origin, AllowOrigin(limited));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(From("198.51.100.21", Get($"v1/projects/{key}/settings", origin)))).StatusCode);
    }

    private static HttpRequestMessage From(string address, HttpRequestMessage request)
    {
        request.Headers.Add(BrowserRateLimitedSiteFactory.PeerHeader, address);
        return request;
    }
}

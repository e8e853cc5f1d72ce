using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Behind a TLS proxy (Crm:ForwardedHeaders:KnownProxies): the proxy's X-Forwarded-Proto makes the sign-in cookie
/// Secure; the same header from anyone else, or with no proxy named, changes nothing.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.5";

    [Theory]
    [InlineData(Proxy)]
    [InlineData("192.168.7.20")] // within a named network
    public async Task BehindANamedProxyTheSignInCookieIsSecure(string peer)
    {
        await using var site = new PeerSite();
        site.Settings["Crm:ForwardedHeaders:KnownProxies"] = $"{Proxy}, 192.168.0.0/16";
        Assert.Contains("secure", await SignInCookieAsync(site, peer), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FromAnAddressThatIsNotANamedProxyTheHeaderIsIgnored()
    {
        await using var site = new PeerSite();
        site.Settings["Crm:ForwardedHeaders:KnownProxies"] = $"{Proxy}, 192.168.0.0/16";
        Assert.DoesNotContain("secure", await SignInCookieAsync(site, "203.0.113.9"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithNoProxyNamedTheHeaderIsIgnored()
    {
        await using var site = new PeerSite();
        Assert.DoesNotContain("secure", await SignInCookieAsync(site, Proxy), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnEntryThatIsNoAddressStopsTheSiteAtStartUpAndSaysWhich()
    {
        using var site = new PeerSite();
        site.Settings["Crm:ForwardedHeaders:KnownProxies"] = "10.0.0.5, proxy.internal";
        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        Assert.Contains("Crm:ForwardedHeaders:KnownProxies: \"proxy.internal\" is neither an IP address", error.ToString());
    }

    /// <summary>The auth cookie's Set-Cookie line of a sign-in sent by <paramref name="peer"/> as if forwarded from HTTPS.</summary>
    private static async Task<string> SignInCookieAsync(PeerSite site, string peer)
    {
        await site.EnsureUsersAsync();
        var http = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add(PeerSite.PeerHeader, peer);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        using var client = new SiteClient(http, "");
        var response = await client.PostFormAsync("/login", "/login", new() { ["Input.Email"] = SiteFactory.ViewerEmail, ["Input.Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".Comerix.Auth.Default=", StringComparison.Ordinal));
    }

    /// <summary>The site, with the client's address taken from <see cref="PeerFromHeader.Header"/>.</summary>
    private sealed class PeerSite : SiteFactory
    {
        public const string PeerHeader = PeerFromHeader.Header;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            PeerFromHeader.AddTo(builder);
        }
    }
}

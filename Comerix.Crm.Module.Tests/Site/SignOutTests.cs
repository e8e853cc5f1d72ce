using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Comerix.Crm.Tests.Site;

/// <summary>Signing out ends the session itself, not only the browser's copy of its cookie.</summary>
public sealed class SignOutTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string AuthCookie = ".Comerix.Auth.Default";

    [Fact]
    public async Task ACookieCopiedBeforeSignOutNoLongerOpensTheAdmin()
    {
        await site.EnsureUsersAsync();
        await site.CreateUserAsync("Default", "signout@site.test", "Manager");
        var (client, cookies) = Client();
        await client.SignInAsync("signout@site.test", SiteFactory.Password);
        var stolen = cookies.GetCookies(client.Http.BaseAddress!)[AuthCookie]!.Value;
        // The copy works while the session lasts (so the replay below is a fair test).
        Assert.Equal(HttpStatusCode.OK, (await Replay(stolen, "/admin/customers")).StatusCode);

        var signedOut = await client.PostFormAsync("/admin/customers", "/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var replayed = await Replay(stolen, "/admin/customers");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/login", replayed.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(stolen, "/api/crm/contacts")).StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheUsersOtherSessionsAndAFreshSignInWorks()
    {
        await site.EnsureUsersAsync();
        await site.CreateUserAsync("Default", "two-devices@site.test", "Viewer");
        var (laptop, _) = Client();
        var (phone, _) = Client();
        await laptop.SignInAsync("two-devices@site.test", SiteFactory.Password);
        await phone.SignInAsync("two-devices@site.test", SiteFactory.Password);

        await laptop.PostFormAsync("/admin/customers", "/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/admin/customers")).StatusCode);
        await phone.SignInAsync("two-devices@site.test", SiteFactory.Password);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/admin/customers")).StatusCode);
        // Another user's session is not touched.
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/admin/customers")).StatusCode);
    }

    private (SiteClient Client, CookieContainer Cookies) Client()
    {
        var cookies = new CookieContainer();
        return (new SiteClient(site.CreateDefaultClient(new CookieContainerHandler(cookies)), ""), cookies);
    }

    /// <summary>Someone else's request carrying only the copied cookie.</summary>
    private async Task<HttpResponseMessage> Replay(string cookie, string path)
    {
        using var http = site.CreateDefaultClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"{AuthCookie}={cookie}");
        return await http.SendAsync(request);
    }
}

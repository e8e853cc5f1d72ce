using System.Diagnostics;
using System.Net;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Tests.Api;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.BrowserRequests;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Browser keys on both databases (the migration adds their kind and origins, and a state version on them): a key
/// revoked on another site instance is refused at once, and its origins lose their CORS answers within the state
/// check interval.
/// </summary>
public sealed class BrowserKeysSharedDatabaseTests
{
    [Fact]
    public Task OnSqlite() => ARevokedBrowserKeyStopsOnEveryInstance(() => new SiteFactory());

    [PostgresFact]
    public async Task OnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await ARevokedBrowserKeyStopsOnEveryInstance(() => SiteFactory.OnPostgres(database));
    }

    private static async Task ARevokedBrowserKeyStopsOnEveryInstance(Func<SiteFactory> newSite)
    {
        const string origin = "https://shared.shop.test";
        await using var site = newSite();
        site.Settings["Crm:StateCheckInterval"] = "00:00:00.250";
        var key = await site.CreateBrowserKeyAsync(origin + "\nhttps://other.shop.test");
        using var http = site.ApiClient(null);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(Preflight("v1/p", origin))).StatusCode);
        var sent = await http.SendAsync(Post("v1/p", origin, PageEvent(key, "anon-shared", "shared-1", origin)));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(origin, AllowOrigin(sent));
        Assert.Equal(1, await site.StoredEventCountAsync());

        await using var other = newSite();
        other.Settings["data-dir"] = site.DataDirectory;
        other.StartServer();
        await using (var scope = await other.TenantScopeAsync("Default"))
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync("Default", key.Split('_')[1], "other instance"));
        }

        // The key is looked up on every request: refused at once.
        var refused = await http.SendAsync(Post("v1/p", origin, PageEvent(key, "anon-shared", "shared-2", origin)));
        Assert.Contains("revoked", await ApiJson.ProblemAsync(refused, HttpStatusCode.Unauthorized));
        // Its origins are cached for CORS: gone within the interval (and a little time to ask).
        var watch = Stopwatch.StartNew();
        while ((await http.SendAsync(Preflight("v1/p", origin))).StatusCode != HttpStatusCode.Forbidden)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), "the revoked key's origin is still answered");
            await Task.Delay(50);
        }
        Assert.Equal(1, await site.StoredEventCountAsync());
    }
}

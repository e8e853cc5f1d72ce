using System.Net;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.BrowserRequests;

namespace Comerix.Crm.Tests.Site;

/// <summary>Browser keys on the API keys page: chosen as a kind, with their origins; shown with the SDK snippets that use them.</summary>
public sealed class BrowserKeysPageTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Page = "/admin/customers/api-keys";
    private const string Create = "/admin/customers/api-keys?handler=create";

    [Fact]
    public async Task ABrowserKeyIsCreatedWithItsOriginsAndShownWithTheSnippetsThatUseIt()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var form = await manager.GetPageAsync(Page);
        Assert.Contains("A browser key is public by nature", form.QuerySelector("[data-testid=browser-key-note]")!.TextContent);
        Assert.Contains("Browser key (public)", form.QuerySelector("form.new-key-form")!.TextContent);

        var created = await manager.PostFormAsync(Page, Create, new()
        {
            ["Input.Name"] = "Storefront pages", ["Input.Kind"] = "browser",
            ["Input.Origins"] = "https://WWW.Storefront.test/\r\nhttps://storefront.test:443, http://localhost:5173",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var shown = await manager.GetPageAsync(Page);
        var key = shown.QuerySelector("[data-testid=new-key] code")!.TextContent.Trim();
        var siteUrl = $"{manager.Http.BaseAddress!.Scheme}://{manager.Http.BaseAddress.Authority}";
        var analyticsNext = shown.QuerySelector("[data-testid=snippet-analytics-next]")!.TextContent;
        Assert.Contains($"writeKey: '{key}'", analyticsNext);
        Assert.Contains($"cdnURL: '{siteUrl}'", analyticsNext);
        var rudder = shown.QuerySelector("[data-testid=snippet-rudderstack]")!.TextContent;
        Assert.Contains($"rudderAnalytics.load('{key}', '{siteUrl}', {{", rudder);
        Assert.Contains($"configUrl: '{siteUrl}'", rudder);

        var row = (await manager.GetPageAsync(Page)).QuerySelector($"tr[data-key-id='{key.Split('_')[1]}']")!;
        var kind = row.QuerySelector("[data-testid=key-kind]")!;
        Assert.Contains("Browser (public)", kind.TextContent);
        Assert.Equal(["https://www.storefront.test", "https://storefront.test", "http://localhost:5173"], kind.QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Contains("ingest", row.TextContent);

        // What the page listed is what the key is good for.
        using var http = site.ApiClient(null);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Post("v1/p", "https://www.storefront.test",
            PageEvent(key, "anon-page-key", "page-key-1", "https://www.storefront.test")))).StatusCode);
        await using var scope = await site.TenantScopeAsync("Default");
        var audit = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().AuditEntries
            .Where(e => e.Action == AuditActions.ApiKeyCreated).OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Contains("\"kind\":\"browser\"", audit.DetailsJson);
        Assert.Contains("https://www.storefront.test", audit.DetailsJson);
        Assert.DoesNotContain(key.Split('_')[2], audit.DetailsJson);
    }

    [Fact]
    public async Task AServerKeyIsStillTheDefaultAndShowsNoSnippets()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        Assert.Equal("server", (await manager.GetPageAsync(Page)).QuerySelector("input[name='Input.Kind']:checked")!.GetAttribute("value"));
        var created = await manager.PostFormAsync(Page, Create, new() { ["Input.Name"] = "Backend", ["Input.Ingest"] = "true", ["Input.Origins"] = "junk" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var shown = await manager.GetPageAsync(Page);
        Assert.Null(shown.QuerySelector("[data-testid=snippet-analytics-next]"));
        var key = shown.QuerySelector("[data-testid=new-key] code")!.TextContent.Trim();
        var row = (await manager.GetPageAsync(Page)).QuerySelector($"tr[data-key-id='{key.Split('_')[1]}']")!;
        Assert.Contains("Server (secret)", row.QuerySelector("[data-testid=key-kind]")!.TextContent);
    }

    [Theory]
    [InlineData("", "List the origins")]
    [InlineData("https://*.storefront.test", "wildcards are not allowed")]
    [InlineData("https://storefront.test/shop", "\"https://storefront.test/shop\" is not an origin")]
    [InlineData("https://storefront.test?x=1", "\"https://storefront.test?x=1\" is not an origin")]
    [InlineData("https://user@storefront.test", "\"https://user@storefront.test\" is not an origin")]
    [InlineData("https://ok.test\nftp://storefront.test", "\"ftp://storefront.test\" is not an origin")]
    [InlineData("storefront.test", "\"storefront.test\" is not an origin")]
    public async Task AnOriginThatIsNotOneIsRefusedByNameAndWhatWasTypedStays(string origins, string error)
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var response = await manager.PostFormAsync(Page, Create, new()
        {
            ["Input.Name"] = $"Bad origins {Guid.NewGuid():N}", ["Input.Kind"] = "browser", ["Input.Origins"] = origins,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await manager.ReadAsync(response);
        Assert.Contains(error, page.QuerySelector("[data-valmsg-for='Input.Origins']")!.TextContent);
        Assert.Equal(origins, page.QuerySelector("textarea[name='Input.Origins']")!.TextContent.Replace("\r\n", "\n").Trim());
        Assert.Equal("browser", page.QuerySelector("input[name='Input.Kind']:checked")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("[data-testid=new-key]"));
    }

    [Fact]
    public async Task ABrowserKeyListsAtMostTwentyOrigins()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var origins = string.Join("\n", Enumerable.Range(1, 21).Select(i => $"https://shop{i}.test"));
        var page = await manager.ReadAsync(await manager.PostFormAsync(Page, Create, new()
        {
            ["Input.Name"] = "Too many", ["Input.Kind"] = "browser", ["Input.Origins"] = origins,
        }));
        Assert.Contains("at most 20 origins; this list has 21", page.QuerySelector("[data-valmsg-for='Input.Origins']")!.TextContent);
    }
}

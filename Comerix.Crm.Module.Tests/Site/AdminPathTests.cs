using System.Net;
using Comerix.Crm.Resolution;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>A site that serves the admin under Crm:AdminPath = "/backoffice/crm".</summary>
public sealed class BackofficeSiteFactory : SiteFactory
{
    public const string AdminPath = "/backoffice/crm";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Crm:AdminPath", AdminPath);
    }
}

/// <summary>The admin's address is a setting: pages, links, redirects and the menu all follow it, and the default address is gone.</summary>
public sealed class AdminPathTests(BackofficeSiteFactory site) : IClassFixture<BackofficeSiteFactory>
{
    private const string Admin = BackofficeSiteFactory.AdminPath;

    [Fact]
    public async Task TheListAndAProfileAnswerUnderTheConfiguredPathAndLinkThere()
    {
        var word = "p" + Guid.NewGuid().ToString("N")[..7];
        var kept = (await site.IngestAsync(Form($"{word}-1", Day1, Email($"kept.{word}@path.test"))))[0].ContactId!.Value;
        var gone = (await site.IngestAsync(Form($"{word}-2", Day1, Email($"gone.{word}@path.test"))))[0].ContactId!.Value;
        await site.Services.GetRequiredService<IdentityEngine>().MergeAsync("Default", mergeId: gone, intoId: kept, actor: "test");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var list = await manager.GetPageAsync($"{Admin}?q={word}");
        Assert.Equal($"{Admin}/{kept}", list.QuerySelector("a.customer")!.GetAttribute("href"));
        Assert.Equal($"{Admin}/create", list.QuerySelector("a.btn-primary[href$='/create']")!.GetAttribute("href"));
        // The module's menu entries follow the setting too.
        Assert.Contains($"{Admin}/activity", list.QuerySelectorAll("nav.menu a").Select(a => a.GetAttribute("href")));

        var profile = await manager.GetPageAsync($"{Admin}/{kept}");
        Assert.Contains($"kept.{word}@path.test", profile.Body!.TextContent);
        var links = profile.QuerySelectorAll("main a[href], main form[action]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("action")!).ToList();
        Assert.Contains($"{Admin}/{kept}/edit", links);
        Assert.Contains($"{Admin}/{kept}/notes", links);
        Assert.DoesNotContain(links, l => l.StartsWith("/admin/customers", StringComparison.Ordinal));

        // Redirects name pages, so they land under the setting: a merged-away id, and a form's answer.
        var old = await manager.GetAsync($"{Admin}/{gone}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"{Admin}/{kept}?merged={gone}", old.Headers.Location!.OriginalString);
        var noted = await manager.PostFormAsync($"{Admin}/{kept}", $"{Admin}/{kept}/notes", new() { ["Input.Text"] = "Called back." });
        Assert.Equal($"{Admin}/{kept}#activity", noted.Headers.Location!.OriginalString);

        // The default address is not served any more.
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/admin/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/admin/customers/{kept}")).StatusCode);
    }
}

/// <summary>A mistyped Crm:AdminPath stops Razor Pages building its routes with a message naming the setting.</summary>
public sealed class AdminPathValidationTests
{
    [Theory]
    [InlineData("backoffice/crm", "must start with '/'")]
    [InlineData("/backoffice/crm/", "must not end with '/'")]
    [InlineData("/backoffice?crm", "without '?' or '#'")]
    [InlineData("/backoffice#crm", "without '?' or '#'")]
    [InlineData("", "is empty")]
    public void AMistypedPathIsRefusedByName(string path, string why)
    {
        var services = new ServiceCollection().AddLogging();

        // Refused where it is set, before any page route exists (the options validator names it).
        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.AddComerixCrm(crm => crm.AdminPath = path));
        Assert.StartsWith("Crm:AdminPath ", refused.Failures.Single());
        Assert.Contains(why, refused.Message);
    }
}

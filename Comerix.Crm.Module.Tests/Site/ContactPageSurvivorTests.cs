using System.Net;
using Comerix.Crm.Resolution;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Every page about one contact: a merged-away id's address opens the same page for its survivor, and an id that
/// never existed is a 404.
/// </summary>
public sealed class ContactPageSurvivorTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData("edit")]
    [InlineData("merge")]
    [InlineData("notes")]
    [InlineData("tags")]
    [InlineData("do-not-contact")]
    public async Task AMergedAwayIdOpensTheSamePageForItsSurvivor(string page)
    {
        var word = "s" + Guid.NewGuid().ToString("N")[..7];
        var kept = (await site.IngestAsync(Form($"{word}-1", Day1, Email($"kept.{word}@survivor.test"))))[0].ContactId!.Value;
        var gone = (await site.IngestAsync(Form($"{word}-2", Day1, Email($"gone.{word}@survivor.test"))))[0].ContactId!.Value;
        await site.Services.GetRequiredService<IdentityEngine>().MergeAsync("Default", mergeId: gone, intoId: kept, actor: "test");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var old = await manager.GetAsync($"/admin/customers/{gone}/{page}");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal($"/admin/customers/{kept}/{page}", old.Headers.Location!.OriginalString);
        Assert.Contains($"kept.{word}@survivor.test", (await manager.GetPageAsync(old.Headers.Location.OriginalString)).Body!.TextContent);

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/admin/customers/987654321/{page}")).StatusCode);
    }
}

using System.Net;
using Comerix.Crm.Resolution;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>A merged-away id's old address opens its survivor and says so, naming the merged id and when.</summary>
public sealed class MergedAwayBannerTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task TheSurvivorSaysWhichMergedContactTheAddressWasFor()
    {
        var word = "m" + Guid.NewGuid().ToString("N")[..7];
        var kept = (await site.IngestAsync(Form($"{word}-1", Day1, Email($"kept.{word}@merge.test"))))[0].ContactId!.Value;
        var gone = (await site.IngestAsync(Form($"{word}-2", Day1, Email($"gone.{word}@merge.test"))))[0].ContactId!.Value;
        var other = (await site.IngestAsync(Form($"{word}-3", Day1, Email($"other.{word}@merge.test"))))[0].ContactId!.Value;
        await site.Services.GetRequiredService<IdentityEngine>().MergeAsync("Default", mergeId: gone, intoId: kept, actor: "test");
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);

        var redirect = await viewer.GetAsync($"/admin/customers/{gone}");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        var survivor = await viewer.GetPageAsync(redirect.Headers.Location!.OriginalString);
        var banner = survivor.QuerySelector("[data-testid=merged-away]")!;
        Assert.StartsWith($"Contact #{gone} was merged into this contact on ", banner.TextContent.Trim());
        Assert.Contains(DateTime.UtcNow.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), banner.TextContent);

        // Only a real merge into this contact is announced: a hand-made link names nothing.
        Assert.Null((await viewer.GetPageAsync($"/admin/customers/{kept}?merged={other}")).QuerySelector("[data-testid=merged-away]"));
        Assert.Null((await viewer.GetPageAsync($"/admin/customers/{other}?merged={gone}")).QuerySelector("[data-testid=merged-away]"));
        Assert.Null((await viewer.GetPageAsync($"/admin/customers/{kept}")).QuerySelector("[data-testid=merged-away]"));
    }
}

using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Matching.Duplicates;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A possible duplicate merged from its suggestion, then the merge undone: the undo says the two are not the same
/// person, so the suggestion filed before the merge is not shown again (it was, on the tab and on both profiles, since
/// both contacts are live again and the row was still open). Both databases.
/// </summary>
public sealed class UndoneMergeNotSuggestedTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task AnUndoneMergeIsNotSuggestedAgainOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task AnUndoneMergeIsNotSuggestedAgainOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var word = Guid.NewGuid().ToString("N")[..8];
        var (first, second) = await TypedDifferently.KatharinaAsync(site, word);
        var job = site.Services.GetRequiredService<DuplicateSuggestionJob>();
        await job.RunOnceAsync(default);

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        const string tab = "/admin/customers/matching/duplicates";
        Assert.Equal([$"{first}-{second}"], await PairsAsync(manager, $"{tab}?contact={first}"));

        // Merge… from the suggestion, then undo it.
        var merge = $"/admin/customers/{first}/merge?other={second}";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(merge, merge, new() { ["other"] = second.ToString() })).StatusCode);
        long mergeId;
        using (var scope = await site.TenantScopeAsync("Default"))
        {
            mergeId = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().MergeHistory.AsNoTracking()
                .Where(m => m.SurvivorId == first && m.MergedId == second).Select(m => m.Id).SingleAsync();
        }
        var undo = $"/admin/customers/merges/{mergeId}/undo";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(undo, undo, [])).StatusCode);
        await job.RunOnceAsync(default);

        // Both are contacts of their own again, and not the same person: no longer suggested, anywhere.
        Assert.Empty(await PairsAsync(manager, tab));
        Assert.Empty(await PairsAsync(manager, $"{tab}?contact={first}"));
        foreach (var id in new[] { first, second })
        {
            Assert.Null((await manager.GetPageAsync($"/admin/customers/{id}")).QuerySelector("[data-testid=potential-duplicates]"));
        }
        // The next full pass (a fresh job's first round is one) takes the suggestion back: no row says "open" for a
        // pair known to be two people.
        await ActivatorUtilities.CreateInstance<DuplicateSuggestionJob>(site.Services).RunOnceAsync(default);
        using var after = await site.TenantScopeAsync("Default");
        Assert.False(await after.ServiceProvider.GetRequiredService<CrmDbContext>().DuplicateSuggestions
            .AnyAsync(s => s.ContactLowId == first && s.ContactHighId == second && s.Status == DuplicateSuggestions.Open));
    }

    private static async Task<List<string?>> PairsAsync(SiteClient client, string path) =>
        (await client.GetPageAsync(path)).QuerySelectorAll("[data-testid=duplicates] li.review").Select(li => li.GetAttribute("data-pair")).ToList();
}

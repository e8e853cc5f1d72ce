using System.Net;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Managers saving "Traits that help find duplicates" at the same moment on a site where none were saved yet: each
/// save added the tenant's settings row, and all but the first failed on its key with a 500. Both databases.
/// </summary>
public sealed class DuplicateTraitsSavedAtOnceTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Tab = "/admin/customers/matching/duplicates";

    [Fact]
    public Task TraitsSavedAtOnceAreAllSavedOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task TraitsSavedAtOnceAreAllSavedOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var managers = new List<(SiteClient Client, string Token)>();
        for (var i = 0; i < 6; i++)
        {
            var client = await site.SignInAsync(SiteFactory.ManagerEmail);
            var token = (await client.GetPageAsync(Tab)).QuerySelector("form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            managers.Add((client, token));
        }
        try
        {
            // All at once, each form ready before the first is sent.
            var saves = managers.Select((m, i) => m.Client.Http.PostAsync(Tab + "?handler=traits", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Traits"] = $"key_{i}",
                ["__RequestVerificationToken"] = m.Token,
            }))).ToList();
            foreach (var saved in await Task.WhenAll(saves))
            {
                Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"a save answered {(int)saved.StatusCode}");
            }
            // One of them is what is kept (the last to commit).
            var kept = (await managers[0].Client.GetPageAsync(Tab)).QuerySelector("textarea#traits")!.TextContent.Trim();
            Assert.Contains(kept, Enumerable.Range(0, managers.Count).Select(i => $"key_{i}"));
        }
        finally
        {
            managers.ForEach(m => m.Client.Dispose());
        }
    }
}

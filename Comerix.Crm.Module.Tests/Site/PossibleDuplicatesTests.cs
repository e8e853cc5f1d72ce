using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Matching.Duplicates;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Potential duplicates (issue 20, item 4) as an admin meets them: two records of one person that share no identifier
/// are suggested on the Possible duplicates tab and on both profiles; Merge leads to the merge preview; Not the same
/// is remembered. Both databases.
/// </summary>
public sealed class PossibleDuplicatesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task ARecordTypedDifferentlyIsSuggestedAndCanBeDismissedOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task ARecordTypedDifferentlyIsSuggestedAndCanBeDismissedOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var word = Guid.NewGuid().ToString("N")[..8];
        var (first, second) = await TypedDifferently.KatharinaAsync(site, word);
        // Another person at the same company: a colleague is not a duplicate.
        await TypedDifferently.RecordAsync(site, $"{word}-3", $"o.petersen.{word}@nordlicht.test", "Ole Petersen", "Nordlicht Software");
        await site.Services.GetRequiredService<DuplicateSuggestionJob>().RunOnceAsync(default);

        // Filtered by the first contact: other tests on this site leave suggestions of their own.
        var filtered = $"/admin/customers/matching/duplicates?contact={first}";
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var tab = await manager.GetPageAsync(filtered);
        var pair = tab.QuerySelectorAll("[data-testid=duplicates] li.review").Single();
        Assert.Equal($"{first}-{second}", pair.GetAttribute("data-pair"));
        Assert.Contains("Katharina Bergman", pair.TextContent);
        Assert.NotEmpty(pair.QuerySelectorAll(".duplicate-reasons li"));
        Assert.DoesNotContain($"k.bergmann.{word}", pair.QuerySelector(".duplicate-reasons")!.TextContent);
        Assert.Equal($"/admin/customers/{first}/merge?other={second}", pair.QuerySelector("a.btn-primary")!.GetAttribute("href"));
        var profile = await manager.GetPageAsync($"/admin/customers/{second}");
        Assert.Contains("1 potential duplicate", profile.QuerySelector("[data-testid=potential-duplicates]")!.TextContent);

        // A viewer sees the suggestion, not the buttons.
        using (var viewer = await site.SignInAsync(SiteFactory.ViewerEmail))
        {
            var seen = await viewer.GetPageAsync(filtered);
            Assert.Single(seen.QuerySelectorAll("[data-testid=duplicates] li.review"));
            Assert.Empty(seen.QuerySelectorAll("[data-testid=duplicates] button"));
            var refused = await viewer.Http.PostAsync("/admin/customers/matching/duplicates?handler=dismiss",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["Low"] = first.ToString(), ["High"] = second.ToString() }));
            Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        }

        var dismissed = await manager.PostFormAsync("/admin/customers/matching/duplicates", "/admin/customers/matching/duplicates?handler=dismiss",
            new() { ["Low"] = first.ToString(), ["High"] = second.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
        await site.Services.GetRequiredService<DuplicateSuggestionJob>().RunOnceAsync(default);
        Assert.NotNull((await manager.GetPageAsync(filtered)).QuerySelector("[data-testid=duplicates-empty]"));
        Assert.Null((await manager.GetPageAsync($"/admin/customers/{second}")).QuerySelector("[data-testid=potential-duplicates]"));
        using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        Assert.Equal(DuplicateSuggestions.Dismissed, (await db.DuplicateSuggestions.AsNoTracking().SingleAsync(s => s.ContactLowId == first)).Status);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "duplicate.dismissed" && e.Actor == SiteFactory.ManagerEmail));
    }

    [Fact]
    public Task ASuggestionIsTakenBackWhenNewerDataSaysTheyAreTwoPeopleOnSqlite() => TakenBackAsync(site);

    [PostgresFact]
    public async Task ASuggestionIsTakenBackWhenNewerDataSaysTheyAreTwoPeopleOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await TakenBackAsync(postgresSite);
    }

    private static async Task TakenBackAsync(SiteFactory site)
    {
        var word = Guid.NewGuid().ToString("N")[..8];
        var family = "Wendt" + new string(word.Select(c => (char)('a' + c % 26)).ToArray());
        async Task<long> RecordAsync(string n, string email, Dictionary<string, string> traits) =>
            (await site.IngestAsync(Form($"{word}-{n}", Day1, Email(email)) with { Traits = traits }))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        // The birth date must help find duplicates (another test on this site chooses other traits).
        await manager.PostFormAsync("/admin/customers/matching/duplicates", "/admin/customers/matching/duplicates?handler=traits",
            new() { ["Traits"] = "birth_date\ncompany_size" });
        var first = await RecordAsync("1", $"jonas.{word}@kappa.test",
            new() { ["name"] = $"Jonas {family}", ["company"] = "Kappa Bau KG", ["birth_date"] = "1985-05-05" });
        var second = await RecordAsync("2", $"jw.{word}@mail.test", new() { ["name"] = $"Jonas {family}", ["company"] = "KAPPA BAU" });
        var job = site.Services.GetRequiredService<DuplicateSuggestionJob>();
        await job.RunOnceAsync(default);
        Assert.Contains("1 potential duplicate", (await manager.GetPageAsync($"/admin/customers/{second}"))
            .QuerySelector("[data-testid=potential-duplicates]")!.TextContent);

        // The second record's birth date arrives and differs: two people after all.
        await RecordAsync("3", $"jw.{word}@mail.test", new() { ["birth_date"] = "1970-01-01" });
        await job.RunOnceAsync(default);

        Assert.Null((await manager.GetPageAsync($"/admin/customers/{second}")).QuerySelector("[data-testid=potential-duplicates]"));
        var tab = await manager.GetPageAsync($"/admin/customers/matching/duplicates?contact={first}");
        Assert.DoesNotContain(tab.QuerySelectorAll("[data-testid=duplicates] li.review"), li => li.GetAttribute("data-pair") == $"{first}-{second}");
    }

    [Fact]
    public async Task AManagerChoosesTheTraitsThatHelp()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var saved = await manager.PostFormAsync("/admin/customers/matching/duplicates", "/admin/customers/matching/duplicates?handler=traits",
            new() { ["Traits"] = "date_of_birth\npostcode, zip\u0000code" });
        Assert.True(saved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest);
        saved = await manager.PostFormAsync("/admin/customers/matching/duplicates", "/admin/customers/matching/duplicates?handler=traits",
            new() { ["Traits"] = "date_of_birth\npostcode, city" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await manager.GetPageAsync("/admin/customers/matching/duplicates");
        Assert.Equal("date_of_birth\npostcode\ncity", page.QuerySelector("textarea#traits")!.TextContent.Trim());
    }
}

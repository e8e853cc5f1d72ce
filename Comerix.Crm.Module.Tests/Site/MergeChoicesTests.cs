using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Choosing what survives a manual merge (issue 20, item 3): the fields both contacts hold differently are offered
/// side by side, this contact's value chosen by default; where the other's is chosen, the merged contact holds it.
/// Both databases.
/// </summary>
public sealed class MergeChoicesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task TheMergedContactKeepsWhatWasChosenOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task TheMergedContactKeepsWhatWasChosenOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    [Fact]
    public async Task ApprovingAReviewKeepsWhatWasChosen()
    {
        var tag = "r" + Guid.NewGuid().ToString("N")[..8];
        var phone = "+1 415 9" + Random.Shared.Next(10, 99) + " " + Random.Shared.Next(1000, 9999);
        var first = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"a.{tag}@site.test")) with
        {
            Traits = new Dictionary<string, string> { ["company"] = "First Co" },
        }))[0].ContactId!.Value;
        var second = (await site.IngestAsync(Form($"{tag}-2", Day1, Phone(phone)) with
        {
            Traits = new Dictionary<string, string> { ["company"] = "Second Co" },
        }))[0].ContactId!.Value;
        Assert.Equal(IngestOutcome.QueuedForReview, (await site.IngestAsync(Form($"{tag}-3", Day1.AddDays(1), Email($"a.{tag}@site.test"), Phone(phone))))[0].Outcome);
        long reviewId;
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var (low, high) = (Math.Min(first, second), Math.Max(first, second));
            reviewId = (await db.MergeReviews.SingleAsync(r => r.ContactLowId == low && r.ContactHighId == high)).Id;
        }
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var approve = $"/admin/customers/matching/{reviewId}/approve";
        var page = await manager.GetPageAsync(approve);
        var keep = long.Parse(page.QuerySelector("input[name=survivor]")!.GetAttribute("value")!);
        var row = page.QuerySelectorAll("[data-testid=merge-choices] tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == "Company");
        var (kept, offered) = keep == first ? ("First Co", "Second Co") : ("Second Co", "First Co");
        Assert.Equal([kept, offered], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        var approved = await manager.PostFormAsync(approve, approve, new() { ["survivor"] = keep.ToString(), ["keep:company"] = "other" });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        using var detail = System.Text.Json.JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts/{keep}")).Content.ReadAsStringAsync());
        Assert.Equal(offered, detail.RootElement.GetProperty("company").GetString());
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var word = "m" + Guid.NewGuid().ToString("N")[..7];
        async Task<long> PersonAsync(string name, string company) =>
            (await site.IngestAsync(Form($"{word}-{name}", Day1, Email($"{name}.{word}@merge.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"{name} {word}", ["company"] = company },
            }))[0].ContactId!.Value;
        var ada = await PersonAsync("ada", "Acme");
        var bob = await PersonAsync("bob", "Beta");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await manager.PostFormAsync("/admin/customers/fields", "/admin/customers/fields?handler=create",
            new() { ["Input.Key"] = $"plan_{word}", ["Input.Label"] = $"Plan {word}", ["Input.Type"] = "text", ["Input.Options"] = "" });
        foreach (var (id, stage, plan) in new[] { (ada, "lead", "Pro"), (bob, "customer", "Team") })
        {
            await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/work?handler=stage", new() { ["stage"] = stage });
            var profile = await manager.GetPageAsync($"/admin/customers/{id}");
            var keys = profile.QuerySelectorAll("#fields input[name=fields]").Select(i => ("fields", i.GetAttribute("value")!));
            await manager.PostFormPairsAsync($"/admin/customers/{id}", $"/admin/customers/{id}/fields", [.. keys, ($"field.plan_{word}", plan)]);
        }

        // Side by side: each field both hold differently; this contact's value is the one ticked.
        var page = await manager.GetPageAsync($"/admin/customers/{ada}/merge?other={bob}");
        var rows = page.QuerySelectorAll("[data-testid=merge-choices] tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList());
        Assert.Equal([$"ada {word}", $"bob {word}"], rows["Name"]);
        Assert.Equal(["Acme", "Beta"], rows["Company"]);
        Assert.Equal(["Lead", "Customer"], rows["Lifecycle stage"]);
        Assert.Equal(["Pro", "Team"], rows[$"Plan {word}"]);
        Assert.All(page.QuerySelectorAll("[data-testid=merge-choices] input[value=this]"), i => Assert.True(i.HasAttribute("checked")));

        // The other's company, stage and plan chosen; the name stays this contact's.
        var merged = await manager.PostFormAsync($"/admin/customers/{ada}/merge?other={bob}", $"/admin/customers/{ada}/merge", new()
        {
            ["other"] = bob.ToString(), ["keep:company"] = "other", ["keep:stage"] = "other", [$"keep:field:plan_{word}"] = "other", ["keep:name"] = "this",
        });
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        var survivor = await manager.GetPageAsync($"/admin/customers/{ada}");
        Assert.Contains($"Kept the other contact's company, lifecycle stage, plan {word}.", survivor.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal($"ada {word}", survivor.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Customer", survivor.QuerySelector("[data-testid=contact-stage]")!.TextContent.Trim());
        using var detail = System.Text.Json.JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts/{ada}")).Content.ReadAsStringAsync());
        Assert.Equal("Beta", detail.RootElement.GetProperty("company").GetString());
        Assert.Equal("Team", detail.RootElement.GetProperty("fields").GetProperty($"plan_{word}").GetString());
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Comerix.Crm.Recipes;
using Comerix.SiteHost.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The demo a newcomer adds with the README's command: the directory it makes is the one the README describes (its
/// numbers are checked here, so they cannot drift), and Matching → Merge review has pairs to try, after which the
/// empty queue says in plain words what would bring a pair there.
/// </summary>
public sealed partial class DemoRecipeTests
{
    [Fact]
    public async Task TheDemoMakesTheDirectoryTheReadmeDescribesAndLeavesPairsToReview()
    {
        var readme = Regex.Replace(FirstRunTests.Readme(), @"\s+", " ");
        var said = DemoSentence().Match(readme);
        Assert.True(said.Success, "the README describes the demo as \"the histories of N made-up people …, which … stitches into **N contacts** …, with **N pairs waiting in Merge review**\"");
        var recipeText = await File.ReadAllTextAsync(Path.Combine(SiteSetup.RecipesDirectory, "demo.recipe.json"));
        using (var recipe = JsonDocument.Parse(recipeText))
        {
            var people = recipe.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "demo-data").GetProperty("people").GetInt32();
            Assert.Equal(people, Number(said, "people"));
        }

        await using var site = new SiteFactory();
        await site.EnsureUsersAsync();
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", recipeText);
        }
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var contacts = await manager.GetPageAsync("/admin/customers");
        Assert.Equal(Number(said, "contacts"), int.Parse(contacts.QuerySelector(".tile-value")!.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

        var queue = await manager.GetPageAsync("/admin/customers/matching");
        var reviews = queue.QuerySelectorAll("[data-review-id]").Select(r => r.GetAttribute("data-review-id")!).ToList();
        Assert.Equal(Number(said, "reviews"), reviews.Count);
        Assert.InRange(reviews.Count, 3, 10);
        Assert.Null(queue.QuerySelector("[data-testid=review-empty]"));

        // Approved one by one, keeping the survivor the page proposes, as a newcomer trying them would.
        foreach (var review in reviews)
        {
            var approve = $"/admin/customers/matching/{review}/approve";
            var survivor = (await manager.GetPageAsync(approve)).QuerySelector("form[data-testid=approve-form] input[name=survivor]")!.GetAttribute("value")!;
            Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(approve, approve, new() { ["survivor"] = survivor })).StatusCode);
        }
        var empty = (await manager.GetPageAsync("/admin/customers/matching")).QuerySelector("[data-testid=review-empty]")!;
        Assert.Equal("Nothing waiting for you", empty.QuerySelector("h2")!.TextContent);
        Assert.Contains("Approve merges them into one contact, Reject keeps them apart for good.", empty.TextContent);
    }

    private static int Number(Match said, string group) => int.Parse(said.Groups[group].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"the histories of (?<people>[\d,]+) made-up people .*?stitches into \*\*(?<contacts>[\d,]+) contacts\*\*.*?\*\*(?<reviews>\d+) pairs waiting in Merge review\*\*")]
    private static partial Regex DemoSentence();
}

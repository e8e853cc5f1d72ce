using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Segments with conditions (issue 19): made in the builder, which counts as conditions change; their members are the
/// list's, its count, its export, the scope of a bulk action and the API's; each kind of condition (profile and
/// contact fields by type, tag, stage, owner, activity with a name and a count, conversion total, any-of) selects
/// exactly the people it says. The walk runs on both databases.
/// </summary>
public sealed class SegmentTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Builder = "/admin/customers/segments/edit";

    private static string Word() => "g" + Guid.NewGuid().ToString("N")[..7];

    private static async Task<long> PersonAsync(SiteFactory site, string word, string who, params CrmEvent[] more)
    {
        var id = (await site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@segments.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
        }))[0].ContactId!.Value;
        foreach (var evt in more)
        {
            await site.IngestAsync(evt with { Claims = [Email($"{who}.{word}@segments.test")] });
        }
        return id;
    }

    /// <summary>The builder's form: a name, all/any, and conditions as (subject, test, value, extra fields).</summary>
    private static List<(string, string)> BuilderForm(string name, string match, params Dictionary<string, string>[] conditions)
    {
        var form = new List<(string, string)> { ("Name", name), ("Match", match) };
        for (var i = 0; i < conditions.Length; i++)
        {
            form.AddRange(conditions[i].Select(f => ($"Conditions[{i}].{f.Key}", f.Value)));
        }
        return form;
    }

    private static Dictionary<string, string> Condition(string subject, string test, string? value = null) =>
        value is null ? new() { ["Subject"] = subject, ["Test"] = test } : new() { ["Subject"] = subject, ["Test"] = test, ["Value"] = value };

    /// <summary>Saves a segment through the builder; its id, from the list it redirects to.</summary>
    private static async Task<string> SaveAsync(SiteClient manager, List<(string, string)> form)
    {
        var saved = await manager.PostFormPairsAsync(Builder, Builder, form);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var location = saved.Headers.Location!.OriginalString;
        return System.Text.RegularExpressions.Regex.Match(location, "segment=([0-9]+)").Groups[1].Value;
    }

    private static async Task<List<string>> MembersAsync(SiteClient client, string segment, string extra = "") =>
        (await client.GetPageAsync($"/admin/customers?audience=all&segment={segment}{extra}"))
            .QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()).Order().ToList();

    private static async Task<JsonElement> PreviewAsync(SiteClient manager, List<(string, string)> form)
    {
        var response = await manager.PostFormPairsAsync(Builder, Builder + "?handler=preview", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public Task SegmentsSelectTheirMembersOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task SegmentsSelectTheirMembersOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var word = Word();
        var now = DateTimeOffset.UtcNow;
        // ada bought twice lately (110 in all), bob once (20); cy signed up (a named event) and is owned; dee did nothing lately.
        var ada = await PersonAsync(site, word, "ada",
            Conversion($"{word}-ada-c1", now.AddDays(-3), 60m), Conversion($"{word}-ada-c2", now.AddDays(-2), 50m));
        var bob = await PersonAsync(site, word, "bob", Conversion($"{word}-bob-c1", now.AddDays(-4), 20m),
            Conversion($"{word}-bob-old", now.AddDays(-200), 500m));
        var cy = await PersonAsync(site, word, "cy", Make($"{word}-cy-t1", "telemetry", now.AddDays(-1)) with { PayloadJson = """{"event":"Signed Up"}""" },
            Make($"{word}-cy-t2", "telemetry", now.AddDays(-1)) with { PayloadJson = """{"event":"Viewed Pricing"}""" });
        var dee = await PersonAsync(site, word, "dee");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // What segments test besides activity: a stage, a tag, an owner, a number field and a list field.
        await manager.PostFormAsync($"/admin/customers/{ada}", $"/admin/customers/{ada}/work?handler=stage", new() { ["stage"] = "customer" });
        await manager.PostFormAsync($"/admin/customers/{bob}", $"/admin/customers/{bob}/work?handler=stage", new() { ["stage"] = "lead" });
        await manager.PostFormAsync($"/admin/customers/{cy}", $"/admin/customers/{cy}/work?handler=claim", []);
        await manager.PostFormAsync($"/admin/customers/{ada}", $"/admin/customers/{ada}/tags", new() { ["Input.Label"] = $"VIP {word}" });
        await manager.PostFormAsync($"/admin/customers/{dee}", $"/admin/customers/{dee}/tags", new() { ["Input.Label"] = $"VIP {word}" });
        await manager.PostFormAsync("/admin/customers/fields", "/admin/customers/fields?handler=create",
            new() { ["Input.Key"] = $"score_{word}", ["Input.Label"] = $"Score {word}", ["Input.Type"] = "number", ["Input.Options"] = "" });
        await manager.PostFormAsync("/admin/customers/fields", "/admin/customers/fields?handler=create",
            new() { ["Input.Key"] = $"plan_{word}", ["Input.Label"] = $"Plan {word}", ["Input.Type"] = "many-of", ["Input.Options"] = "Free\nPro\nTeam" });
        foreach (var (id, score, plans) in new[] { (ada, "80", new[] { "Pro", "Team" }), (bob, "9.5", ["Free"]), (cy, "100", ["Team"]) })
        {
            var profile = await manager.GetPageAsync($"/admin/customers/{id}");
            var keys = profile.QuerySelectorAll("#fields input[name=fields]").Select(i => ("fields", i.GetAttribute("value")!));
            var set = await manager.PostFormPairsAsync($"/admin/customers/{id}", $"/admin/customers/{id}/fields",
                [.. keys, ($"field.score_{word}", score), .. plans.Select(p => ($"field.plan_{word}", p))]);
            Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        }
        var ours = Condition("name", "contains", word);
        var activity = new Dictionary<string, string> { ["Subject"] = "activity", ["Test"] = "did", ["EventType"] = "conversion", ["Times"] = "2", ["Days"] = "30" };

        // The builder counts as conditions change: three conditions, one on activity.
        var threeConditions = BuilderForm($"Repeat customers {word}", "all", ours, Condition("stage", "is", "Customer"), activity);
        Assert.Equal(1, (await PreviewAsync(manager, threeConditions)).GetProperty("count").GetInt32());
        var broken = await PreviewAsync(manager, BuilderForm("x", "all", ours, Condition("field:score_" + word, "greater-than", "lots")));
        Assert.Equal(JsonValueKind.Null, broken.GetProperty("count").ValueKind);
        Assert.Contains("Condition 2: \u201Clots\u201D is not a number", broken.GetProperty("problems")[0].GetString());

        // Saved: the list shows its members, says which segment it is, and counts them.
        var repeat = await SaveAsync(manager, threeConditions);
        var list = await manager.GetPageAsync($"/admin/customers?audience=all&segment={repeat}");
        Assert.Equal([$"ada {word}"], list.QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()));
        Assert.Contains($"Repeat customers {word}", list.QuerySelector("[data-testid=segment-line]")!.TextContent);
        Assert.StartsWith("1–1 of 1", list.QuerySelector(".pager .muted")!.TextContent.Trim());

        // Each kind of condition selects exactly the people it says.
        async Task<List<string>> Only(params Dictionary<string, string>[] conditions) =>
            await MembersAsync(manager, await SaveAsync(manager, BuilderForm($"S {Guid.NewGuid():N}", "all", [ours, .. conditions])));
        string[] Named(params string[] who) => who.Select(w => $"{w} {word}").Order().ToArray();
        Assert.Equal(Named("ada"), await Only(new Dictionary<string, string> { ["Subject"] = "conversion-total", ["Test"] = "at-least", ["Value"] = "100", ["Days"] = "30" }));
        // bob's old 500 is outside the period: his total in it is 20.
        Assert.Equal(Named("bob", "cy", "dee"), await Only(new Dictionary<string, string> { ["Subject"] = "conversion-total", ["Test"] = "below", ["Value"] = "100", ["Days"] = "30" }));
        Assert.Equal(Named("cy"), await Only(new Dictionary<string, string> { ["Subject"] = "activity", ["Test"] = "did", ["EventType"] = "telemetry", ["EventName"] = "Signed Up", ["Days"] = "7" }));
        Assert.Equal(Named("cy", "dee"), await Only(new Dictionary<string, string> { ["Subject"] = "activity", ["Test"] = "did-not", ["EventType"] = "conversion", ["Days"] = "30" }));
        Assert.Equal(Named("ada", "dee"), await Only(Condition("tag", "has", $"vip {word}")));
        Assert.Equal(Named("bob", "cy"), await Only(Condition("tag", "has-not", $"VIP {word}")));
        Assert.Equal(Named("ada", "bob"), await Only(Condition("stage", "is-not-empty")));
        Assert.Equal(Named("ada"), await Only(Condition("stage", "at-or-after", "qualified")));
        Assert.Equal(Named("cy"), await Only(Condition("owner", "is", "me")));
        Assert.Equal(Named("ada", "cy"), await Only(Condition($"field:score_{word}", "greater-than", "10")));
        Assert.Equal(Named("bob"), await Only(Condition($"field:score_{word}", "less-than", "10")));
        Assert.Equal(Named("dee"), await Only(Condition($"field:score_{word}", "is-empty")));
        Assert.Equal(Named("ada", "cy"), await Only(Condition($"field:plan_{word}", "includes", "team")));
        Assert.Equal(Named("bob", "dee"), await Only(Condition($"field:plan_{word}", "excludes", "Team")));
        Assert.Equal(Named("bob"), await Only(Condition("email", "starts-with", "BOB.")));
        Assert.Equal(Named("ada", "bob", "cy", "dee"), await Only(Condition("first-seen", "before", now.AddDays(1).ToString("yyyy-MM-dd"))));
        var either = await SaveAsync(manager, BuilderForm($"Either {word}", "any", Condition("name", "is", $"ada {word}"), Condition("name", "is", $"DEE {word}")));
        Assert.Equal(Named("ada", "dee"), await MembersAsync(manager, either));
        // The list's own filters narrow a segment further.
        Assert.Equal(Named("dee"), await MembersAsync(manager, either, "&stage=none"));

        // The export, a bulk action's reach and the API: the same members.
        var csv = (await (await manager.GetAsync($"/admin/customers/export?audience=all&segment={either}")).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, csv.Length - 1);
        Assert.Contains(csv, l => l.Contains($"ada.{word}@segments.test"));
        var reach = await manager.GetPageAsync($"/admin/customers/bulk-work?audience=all&segment={either}");
        Assert.Contains($"all 2 contacts in this list: all contacts, in the segment \u201CEither {word}\u201D", reach.QuerySelector("[data-testid=bulk-reach]")!.TextContent);
        await manager.PostFormAsync($"/admin/customers/bulk-work?audience=all&segment={either}", "/admin/customers/bulk-work?handler=stage",
            new() { ["scope"] = "filter", ["audience"] = "all", ["segment"] = either, ["to-stage"] = "evangelist" });
        Assert.Equal(Named("ada", "dee"), await Only(Condition("stage", "is", "evangelist")));
        using (var segments = JsonDocument.Parse(await (await manager.GetAsync("/api/crm/segments")).Content.ReadAsStringAsync()))
        {
            var named = segments.RootElement.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("name").GetString() == $"Either {word}");
            Assert.Equal("any", named.GetProperty("match").GetString());
            Assert.Equal(2, named.GetProperty("conditions").GetArrayLength());
        }
        using (var members = JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/segments/{either}/contacts")).Content.ReadAsStringAsync()))
        {
            Assert.Equal(2, members.RootElement.GetProperty("totalMatches").GetInt32());
            Assert.Equal(new[] { ada, dee }.Order(), members.RootElement.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order());
        }

        // A segment that is not there: the list says so and shows no one from it, the export and the API refuse.
        var gone = await manager.GetPageAsync($"/admin/customers?audience=all&segment=987654");
        Assert.Contains("segment '987654' does not exist", gone.QuerySelector("[data-testid=filter-problems]")!.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/admin/customers/export?audience=all&segment=987654")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/api/crm/contacts?segment=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/crm/segments/987654/contacts")).StatusCode);

        // Hostile input at the builder: refused with words, nothing saved, never a 500.
        foreach (var hostile in new[] { "a\0b", "\ud800", new string('x', 100_000) })
        {
            foreach (var form in new[]
            {
                BuilderForm(hostile, "all", ours), BuilderForm("h", hostile, ours), BuilderForm("h", "all", Condition(hostile, "is", "x")),
                BuilderForm("h", "all", Condition("company", hostile, "x")), BuilderForm("h", "all", Condition("company", "is", hostile)),
                BuilderForm("h", "all", new Dictionary<string, string> { ["Subject"] = "activity", ["Test"] = "did", ["EventType"] = hostile, ["Days"] = "1" }),
                BuilderForm("h", "all", new Dictionary<string, string> { ["Subject"] = "activity", ["Test"] = "did", ["EventType"] = "form", ["EventName"] = hostile, ["Days"] = hostile, ["Times"] = hostile }),
            })
            {
                // NUL is refused at the door (400, for every form); a lone surrogate arrives as U+FFFD (the form's encoding
                // replaces it), which is a fine value; the oversized ones are refused by the builder, in words.
                var answer = await manager.PostFormPairsAsync(Builder, Builder, form);
                Assert.True((int)answer.StatusCode < 500, $"{(int)answer.StatusCode} for {form.Count} fields");
                if (hostile.Length > 1_000)
                {
                    Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                    Assert.NotNull((await manager.ReadAsync(answer)).QuerySelector("[data-testid=segment-problems]"));
                }
            }
        }
        foreach (var hostile in new[] { "a%00b", "%ED%A0%80", new string('9', 5_000), "-1", "1e3" })
        {
            Assert.True((int)(await manager.GetAsync($"/admin/customers?segment={hostile}")).StatusCode < 500);
            Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/crm/contacts?segment={hostile}")).StatusCode);
        }
        var tooMany = BuilderForm("Too many", "all", Enumerable.Repeat(ours, 21).ToArray());
        var refused = await manager.ReadAsync(await manager.PostFormPairsAsync(Builder, Builder, tooMany));
        Assert.Contains("at most 20 conditions", refused.QuerySelector("[data-testid=segment-problems]")!.TextContent);

        // Deleted: gone from the Segments page; no contact changed.
        var deleted = await manager.PostFormAsync($"{Builder}?id={either}", $"{Builder}?id={either}&handler=delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var index = await manager.GetPageAsync("/admin/customers/segments");
        Assert.DoesNotContain(index.QuerySelectorAll("[data-testid=segments] .customer-name"), a => a.TextContent.Trim() == $"Either {word}");
        Assert.Equal(Named("ada", "dee"), await Only(Condition("stage", "is", "evangelist")));
    }

    [Fact]
    public async Task ARecipeCarriesSegmentsAndApplyingItAgainChangesNothing()
    {
        var word = Word();
        await PersonAsync(site, word, "fay", Conversion($"{word}-fay-c1", DateTimeOffset.UtcNow.AddDays(-1), 30m));
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var id = await SaveAsync(manager, BuilderForm($"Recipe {word}", "any", Condition("name", "contains", word),
            new Dictionary<string, string> { ["Subject"] = "activity", ["Test"] = "did", ["EventType"] = "conversion", ["EventName"] = "Order Completed", ["Days"] = "30" }));
        var exported = await (await manager.GetAsync("/admin/customers/segments?handler=export")).Content.ReadAsStringAsync();
        Assert.Contains($"\"name\": \"Recipe {word}\"", exported);
        Assert.Contains("\"eventName\": \"Order Completed\"", exported);

        // Deleted here, made again by the recipe with the same conditions; applied twice, still one.
        await manager.PostFormAsync($"{Builder}?id={id}", $"{Builder}?id={id}&handler=delete", []);
        await using var scope = await site.TenantScopeAsync(Comerix.SiteHost.Tenancy.SiteTenant.DefaultName);
        var recipes = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Recipes.RecipeExecutor>();
        await recipes.ExecuteAsync(Comerix.SiteHost.Tenancy.SiteTenant.DefaultName, exported);
        await recipes.ExecuteAsync(Comerix.SiteHost.Tenancy.SiteTenant.DefaultName, exported);
        using var segments = JsonDocument.Parse(await (await manager.GetAsync("/api/crm/segments")).Content.ReadAsStringAsync());
        var made = segments.RootElement.GetProperty("segments").EnumerateArray().Where(s => s.GetProperty("name").GetString() == $"Recipe {word}").ToList();
        Assert.Single(made);
        Assert.Equal("any", made[0].GetProperty("match").GetString());
        Assert.Equal([$"fay {word}"], await MembersAsync(manager, made[0].GetProperty("id").GetInt64().ToString()));

        // A condition the site cannot hold, a name twice, a step that is not a list: the recipe names each and stops.
        var refused = await Assert.ThrowsAsync<Comerix.Crm.Recipes.RecipeException>(() => recipes.ExecuteAsync(Comerix.SiteHost.Tenancy.SiteTenant.DefaultName,
            """{ "name": "x", "steps": [ { "name": "segments", "segments": [ { "name": "Plan", "conditions": [ { "subject": "field:no_such_field", "test": "is", "value": "pro" } ] } ] } ] }"""));
        Assert.Contains(refused.Errors, e => e.Contains("'field:no_such_field' is nothing a segment can test", StringComparison.Ordinal));
        var invalid = await Assert.ThrowsAsync<Comerix.Crm.Recipes.RecipeException>(() => recipes.ExecuteAsync(Comerix.SiteHost.Tenancy.SiteTenant.DefaultName,
            """{ "name": "x", "steps": [ { "name": "segments", "segments": [ { "name": "A", "conditions": [] }, { "name": "a", "conditions": [] }, { "name": "B", "conditions": 3 }, 7 ] } ] }"""));
        Assert.Contains(invalid.Errors, e => e.Contains("appears twice", StringComparison.Ordinal));
        Assert.Contains(invalid.Errors, e => e.Contains("\"conditions\" must be an array", StringComparison.Ordinal));
        Assert.Contains(invalid.Errors, e => e.Contains("a segment is an object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteAndForgetTakesThePersonOutOfTheConditionsThatNameThem()
    {
        var word = Word();
        var gil = await PersonAsync(site, word, "gil");
        await PersonAsync(site, word, "hal");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var naming = await SaveAsync(manager, BuilderForm($"Gil only {word}", "any", Condition("email", "is", $"GIL.{word}@segments.test"),
            Condition("email", "contains", $"hal.{word}")));
        using (var admin = await site.SignInAsync(SiteFactory.AdminEmail))
        {
            // The data export lists the condition that names them; the erasure takes their address out of it.
            var export = await (await admin.GetAsync($"/api/crm/contacts/{gil}/export")).Content.ReadAsStringAsync();
            Assert.Contains($"Gil only {word}", export);
            var erased = await admin.PostFormAsync($"/admin/customers/{gil}/delete", $"/admin/customers/{gil}/delete",
                new() { ["Confirmation"] = $"gil.{word}@segments.test" });
            Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        }
        using var segments = JsonDocument.Parse(await (await manager.GetAsync("/api/crm/segments")).Content.ReadAsStringAsync());
        var kept = segments.RootElement.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("id").GetInt64().ToString() == naming);
        Assert.DoesNotContain($"gil.{word}", kept.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("(erased)", kept.GetProperty("conditions")[0].GetProperty("value").GetString());
        // Whom it matches is unchanged: the other condition, naming someone still here.
        Assert.Equal([$"hal {word}"], await MembersAsync(manager, naming));
    }

    [Fact]
    public async Task AViewerSeesSegmentsAndTheirMembersButCannotChangeThem()
    {
        var word = Word();
        await PersonAsync(site, word, "eve");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var id = await SaveAsync(manager, BuilderForm($"Viewer sees {word}", "all", Condition("name", "contains", word)));
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var index = await viewer.GetPageAsync("/admin/customers/segments");
        Assert.Contains(index.QuerySelectorAll("[data-testid=segments] .customer-name"), a => a.TextContent.Trim() == $"Viewer sees {word}");
        Assert.Null(index.QuerySelector("a[href*='segments/edit']"));
        Assert.Equal([$"eve {word}"], await MembersAsync(viewer, id));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"{Builder}?id={id}")).StatusCode);
    }
}

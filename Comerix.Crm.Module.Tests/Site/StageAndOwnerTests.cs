using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.SiteHost.Security;
using Comerix.SiteHost.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Lifecycle stage and owner (issue 19): set on the profile and in bulk, each change a timeline row naming who made
/// it; filtered on the list ("My contacts", "Unassigned", a stage); moved at a merge; in the export, the read API and
/// imports; an owner who leaves the site releases their contacts; stages renamed, reordered, added and (when nobody is
/// at one) deleted. The main walk runs on both databases.
/// </summary>
public sealed class StageAndOwnerTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Word() => "s" + Guid.NewGuid().ToString("N")[..7];

    private static async Task<long> PersonAsync(SiteFactory site, string word, string who) =>
        (await site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@stages.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
        }))[0].ContactId!.Value;

    private static Task<HttpResponseMessage> WorkAsync(SiteClient client, long id, string handler, Dictionary<string, string>? form = null) =>
        client.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/work?handler={handler}", form ?? []);

    private static string Text(IHtmlDocument page, string selector) => page.QuerySelector(selector)!.TextContent.Trim();

    private static List<string> Timeline(IHtmlDocument profile) =>
        profile.QuerySelectorAll(".timeline-row .activity-words").Select(r => r.TextContent.Trim()).ToList();

    private static async Task<List<string>> NamesAsync(SiteClient client, string query) =>
        (await client.GetPageAsync("/admin/customers?audience=all&" + query))
            .QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()).Order().ToList();

    [Fact]
    public Task StageAndOwnerWorkOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task StageAndOwnerWorkOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var word = Word();
        var ada = await PersonAsync(site, word, "ada");
        var bob = await PersonAsync(site, word, "bob");
        var cy = await PersonAsync(site, word, "cy");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // On the profile: nothing yet; then a stage, a change of stage, each a timeline row with who and from → to.
        var fresh = await manager.GetPageAsync($"/admin/customers/{ada}");
        Assert.Equal("—", Text(fresh, "[data-testid=contact-stage]"));
        Assert.Equal("Unassigned", Text(fresh, "[data-testid=contact-owner]"));
        Assert.Equal(HttpStatusCode.Redirect, (await WorkAsync(manager, ada, "stage", new() { ["stage"] = "lead" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WorkAsync(manager, ada, "stage", new() { ["stage"] = "Customer" })).StatusCode);
        var staged = await manager.GetPageAsync($"/admin/customers/{ada}");
        Assert.Equal("Customer", Text(staged, "[data-testid=contact-stage]"));
        Assert.Contains($"Stage: Lead \u2192 Customer by {SiteFactory.ManagerEmail}", Timeline(staged));
        Assert.Contains($"Stage set to Lead by {SiteFactory.ManagerEmail}", Timeline(staged));
        // A stage that does not exist: the profile again, the problem beside the form, nothing changed.
        var refused = await manager.ReadAsync(await WorkAsync(manager, ada, "stage", new() { ["stage"] = "Gold" }));
        Assert.Contains("There is no stage \u201CGold\u201D", Text(refused, "#work-error"));
        Assert.Equal("Customer", Text(refused, "[data-testid=contact-stage]"));

        // Owner: claim, reassign to a team member, refuse someone who is not one, release.
        await WorkAsync(manager, ada, "claim");
        Assert.Equal($"{SiteFactory.ManagerEmail} (you)", Text(await manager.GetPageAsync($"/admin/customers/{ada}"), "[data-testid=contact-owner]"));
        await WorkAsync(manager, ada, "reassign", new() { ["owner"] = SiteFactory.ViewerEmail });
        var stranger = await manager.ReadAsync(await WorkAsync(manager, ada, "reassign", new() { ["owner"] = "stranger@elsewhere.test" }));
        Assert.Contains("is not a user of this site who can view customers", Text(stranger, "#work-error"));
        var reassigned = await manager.GetPageAsync($"/admin/customers/{ada}");
        Assert.Equal(SiteFactory.ViewerEmail, Text(reassigned, "[data-testid=contact-owner]"));
        Assert.Contains($"Claimed by {SiteFactory.ManagerEmail}", Timeline(reassigned));
        Assert.Contains($"Reassigned from {SiteFactory.ManagerEmail} to {SiteFactory.ViewerEmail} by {SiteFactory.ManagerEmail}", Timeline(reassigned));

        // A viewer sees stage and owner, and no form to change them.
        using (var viewer = await site.SignInAsync(SiteFactory.ViewerEmail))
        {
            var seen = await viewer.GetPageAsync($"/admin/customers/{ada}");
            Assert.Equal($"{SiteFactory.ViewerEmail} (you)", Text(seen, "[data-testid=contact-owner]"));
            Assert.Null(seen.QuerySelector("#work form"));
            Assert.Equal([$"ada {word}"], await NamesAsync(viewer, $"q={word}&owner=me"));
        }

        // In bulk: the ticked rows, then everyone a filter matches; the list filters by stage and owner.
        var bulk = await manager.PostFormPairsAsync($"/admin/customers?audience=all&q={word}", "/admin/customers/bulk-work?handler=stage",
            [("scope", "ticked"), ("ids", bob.ToString()), ("ids", cy.ToString()), ("to-stage", "qualified"), ("audience", "all"), ("q", word)]);
        Assert.Equal(HttpStatusCode.Redirect, bulk.StatusCode);
        Assert.Contains("Moved 2 contacts to Qualified.", Text(await manager.GetPageAsync(bulk.Headers.Location!.OriginalString), "[role=status]"));
        Assert.Equal([$"bob {word}", $"cy {word}"], await NamesAsync(manager, $"q={word}&stage=qualified"));
        Assert.Empty(await NamesAsync(manager, $"q={word}&stage=none"));
        var confirm = await manager.GetPageAsync($"/admin/customers/bulk-work?audience=all&q={word}&owner=none");
        Assert.Contains("all 2 contacts in this list", Text(confirm, "[data-testid=bulk-reach]"));
        await manager.PostFormAsync($"/admin/customers/bulk-work?audience=all&q={word}&owner=none", "/admin/customers/bulk-work?handler=owner",
            new() { ["scope"] = "filter", ["audience"] = "all", ["q"] = word, ["owner"] = "none", ["to-owner"] = "me" });
        Assert.Equal([$"bob {word}", $"cy {word}"], await NamesAsync(manager, $"q={word}&owner=me"));
        Assert.Empty(await NamesAsync(manager, $"q={word}&owner=none"));
        Assert.Equal([$"ada {word}"], await NamesAsync(manager, $"q={word}&owner={Uri.EscapeDataString(SiteFactory.ViewerEmail)}"));
        // "Unassigned" and "no stage" are counted as everyone less those who have one: the pager's count agrees.
        await WorkAsync(manager, cy, "release");
        await WorkAsync(manager, cy, "stage", new() { ["stage"] = "none" });
        var unassigned = await manager.GetPageAsync($"/admin/customers?audience=all&q={word}&owner=none&stage=none");
        Assert.Equal([$"cy {word}"], unassigned.QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()));
        Assert.StartsWith("1–1 of 1", Text(unassigned, ".pager .muted"));
        Assert.Contains($"Released (owner was {SiteFactory.ManagerEmail}) by {SiteFactory.ManagerEmail}",
            Timeline(await manager.GetPageAsync($"/admin/customers/{cy}")));

        // A merge: the survivor's stage and owner stand, the other's fill what the survivor has none of.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"/admin/customers/{cy}/merge?other={bob}",
            $"/admin/customers/{cy}/merge", new() { ["other"] = bob.ToString() })).StatusCode);
        var merged = await manager.GetPageAsync($"/admin/customers/{cy}");
        Assert.Equal("Qualified", Text(merged, "[data-testid=contact-stage]"));
        Assert.Equal($"{SiteFactory.ManagerEmail} (you)", Text(merged, "[data-testid=contact-owner]"));

        // The export and the read API carry them; the API filters by them.
        var csv = (await (await manager.GetAsync($"/admin/customers/export?audience=all&q={word}")).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",do_not_contact,stage,owner", csv[0]);
        Assert.EndsWith($",Customer,{SiteFactory.ViewerEmail}", csv.Single(l => l.Contains($"ada.{word}")));
        using var detail = JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts/{ada}")).Content.ReadAsStringAsync());
        Assert.Equal("customer", detail.RootElement.GetProperty("stage").GetString());
        Assert.Equal(SiteFactory.ViewerEmail, detail.RootElement.GetProperty("owner").GetString());
        using var list = JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts?audience=all&q={word}&stage=qualified")).Content.ReadAsStringAsync());
        Assert.Equal([cy], list.RootElement.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));

        // Hostile values at each new input, on this database: answered, never a 500.
        foreach (var path in new[]
        {
            "/admin/customers?stage=%00&owner=%00", "/admin/customers?stage=%ED%A0%80&owner=%ED%A0%80", $"/admin/customers?owner={new string('x', 5000)}",
            "/api/crm/contacts?stage=%00", "/api/crm/contacts?owner=%ED%A0%80", "/admin/customers/bulk-work?stage=%00",
        })
        {
            var answer = await manager.GetAsync(path);
            Assert.True((int)answer.StatusCode < 500, $"GET {path[..Math.Min(path.Length, 60)]} answered {(int)answer.StatusCode}");
        }
        foreach (var (action, name) in new[]
        {
            ($"/admin/customers/{ada}/work?handler=stage", "stage"), ($"/admin/customers/{ada}/work?handler=reassign", "owner"),
            ("/admin/customers/stages?handler=add", "label"), ("/admin/customers/stages?handler=rename", "label"),
        })
        {
            foreach (var hostile in new[] { "a\0b", "\ud800", new string('x', 100_000) })
            {
                var answer = await manager.PostFormAsync($"/admin/customers/{ada}", action, new() { [name] = hostile, ["key"] = "lead" });
                Assert.True((int)answer.StatusCode < 500, $"POST {action} {name} answered {(int)answer.StatusCode}");
            }
        }
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        foreach (var fields in new[] { "{\"k\\u0000\":\"x\"}", "{\"k\":\"\\ud800\"}", "{\"k\":[[1]]}" })
        {
            var sent = await api.PostAsync("api/crm/events", new StringContent(
                $$"""{"id":"hostile-{{word}}","type":"form","occurredAt":"2026-12-01T10:00:00Z","claims":[{"type":"email","value":"h.{{word}}@stages.test"}],"fields":{{fields}}}""",
                System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
        }
    }

    [Fact]
    public async Task AnImportSetsStageAndOwnerAndRefusesRowsNamingNeither()
    {
        var word = Word();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var csv = $"name,email,lifecycle stage,owner\n" +
            $"Ida {word},ida.{word}@stages.test,Opportunity,{SiteFactory.ViewerEmail.ToUpperInvariant()}\n" +
            $"Jo {word},jo.{word}@stages.test,Gold,\n" +
            $"Kim {word},kim.{word}@stages.test,,nobody@elsewhere.test\n" +
            $"Lu {word},lu.{word}@stages.test,lead,none\n";
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "stages.csv", System.Text.Encoding.UTF8.GetBytes(csv));
        var jobUrl = upload.Headers.Location!.OriginalString;
        var mapping = await manager.GetPageAsync(jobUrl);
        // The headers are guessed: "lifecycle stage" is the stage, "owner" the owner.
        Assert.Equal("stage", mapping.QuerySelector("select[name='map[2]'] option[selected]")!.GetAttribute("value"));
        Assert.Equal("owner", mapping.QuerySelector("select[name='map[3]'] option[selected]")!.GetAttribute("value"));
        await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = "stage", ["map[3]"] = "owner" });
        var done = await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);
        var report = done.QuerySelectorAll("[data-testid=import-errors] tr").Select(r => r.TextContent).ToList();
        Assert.Contains(report, r => r.Contains("is not one of the stages"));
        Assert.Contains(report, r => r.Contains("is not the email of a user who can view customers here"));

        Assert.Equal([$"Ida {word}"], await NamesAsync(manager, $"q={word}&stage=opportunity&owner={Uri.EscapeDataString(SiteFactory.ViewerEmail)}"));
        Assert.Equal([$"Lu {word}"], await NamesAsync(manager, $"q={word}&stage=lead&owner=none"));
        Assert.Empty(await NamesAsync(manager, $"q={word}&stage=none"));
    }

    [Fact]
    public async Task AnOwnerWhoLeavesTheSiteReleasesTheirContacts()
    {
        var word = Word();
        var leaver = $"leaver.{word}@site.test";
        await site.EnsureUsersAsync();
        await site.CreateUserAsync(SiteTenant.DefaultName, leaver, "Viewer");
        var ann = await PersonAsync(site, word, "ann");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        // A new user who can view customers is one to reassign to.
        Assert.Contains(leaver, (await manager.GetPageAsync($"/admin/customers/{ann}")).QuerySelectorAll("#work-owner option").Select(o => o.TextContent));
        await WorkAsync(manager, ann, "reassign", new() { ["owner"] = leaver });
        Assert.Equal(leaver, Text(await manager.GetPageAsync($"/admin/customers/{ann}"), "[data-testid=contact-owner]"));

        await using (var scope = await site.TenantScopeAsync(SiteTenant.DefaultName))
        {
            var (problem, released) = await scope.ServiceProvider.GetRequiredService<UserAccounts>().DeleteAsync(SiteTenant.DefaultName, leaver);
            Assert.Null(problem);
            Assert.Equal(1, released);
        }
        var profile = await manager.GetPageAsync($"/admin/customers/{ann}");
        Assert.Equal("Unassigned", Text(profile, "[data-testid=contact-owner]"));
        Assert.Contains($"Released (owner was {leaver}): owner left the site", Timeline(profile));
        Assert.DoesNotContain(leaver, profile.QuerySelectorAll("#work-owner option").Select(o => o.TextContent));
    }

    [Fact]
    public async Task StagesAreRenamedReorderedAddedAndDeletedOnlyWhenNobodyIsAtThem()
    {
        await using var own = new SiteFactory();
        var word = Word();
        var eve = await PersonAsync(own, word, "eve");
        using var manager = await own.SignInAsync(SiteFactory.ManagerEmail);
        const string page = "/admin/customers/stages";
        Task<HttpResponseMessage> Post(string handler, Dictionary<string, string> form) => manager.PostFormAsync(page, $"{page}?handler={handler}", form);
        IEnumerable<string> Stages(IHtmlDocument doc) => doc.QuerySelectorAll("tr[data-stage] input[name=label]").Select(i => i.GetAttribute("value")!);

        Assert.Equal(["Subscriber", "Lead", "Qualified", "Opportunity", "Customer", "Evangelist", "Other"], Stages(await manager.GetPageAsync(page)));
        await WorkAsync(manager, eve, "stage", new() { ["stage"] = "lead" });

        // Renamed: the contact is at it still, under its new name. Moved earlier. Added at the end.
        Assert.Equal(HttpStatusCode.Redirect, (await Post("rename", new() { ["key"] = "lead", ["label"] = "Prospect" })).StatusCode);
        await Post("up", new() { ["key"] = "lead" });
        await Post("add", new() { ["label"] = "Churned" });
        Assert.Equal(["Prospect", "Subscriber", "Qualified", "Opportunity", "Customer", "Evangelist", "Other", "Churned"], Stages(await manager.GetPageAsync(page)));
        Assert.Equal("Prospect", Text(await manager.GetPageAsync($"/admin/customers/{eve}"), "[data-testid=contact-stage]"));

        // Refused, each beside its form: a name in use, "None" (which means no stage), and deleting a stage someone is at.
        var taken = await manager.ReadAsync(await Post("add", new() { ["label"] = "customer" }));
        Assert.Contains("There is a stage called \u201CCustomer\u201D already.", Text(taken, "#new-stage-error"));
        Assert.Equal("customer", taken.QuerySelector("#new-stage")!.GetAttribute("value"));
        Assert.Contains("means no stage", Text(await manager.ReadAsync(await Post("add", new() { ["label"] = "None" })), "#new-stage-error"));
        var inUse = await manager.ReadAsync(await Post("delete", new() { ["key"] = "lead" }));
        Assert.Contains("1 contact is at this stage", Text(inUse, "#stage-lead-error"));
        Assert.Equal("Prospect", inUse.QuerySelector("#stage-lead")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await Post("delete", new() { ["key"] = "churned" })).StatusCode);
        Assert.DoesNotContain("Churned", Stages(await manager.GetPageAsync(page)));

        // The page's recipe sets the same stages on another site; a recipe leaving out a stage someone is at keeps it.
        var exported = await (await manager.GetAsync(page + "?handler=export")).Content.ReadAsStringAsync();
        Assert.Contains("\"key\": \"lead\"", exported);
        await using var scope = await own.TenantScopeAsync(SiteTenant.DefaultName);
        var recipes = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Recipes.RecipeExecutor>();
        await recipes.ExecuteAsync(SiteTenant.DefaultName, """{ "name": "x", "steps": [ { "name": "lifecycle-stages", "stages": [ { "label": "New" }, { "label": "Won", "key": "won" } ] } ] }""");
        Assert.Equal(["New", "Won", "Prospect"], Stages(await manager.GetPageAsync(page)));
        await recipes.ExecuteAsync(SiteTenant.DefaultName, exported);
        Assert.Equal(["Prospect", "Subscriber", "Qualified", "Opportunity", "Customer", "Evangelist", "Other"], Stages(await manager.GetPageAsync(page)));
        var refused = await Assert.ThrowsAsync<Comerix.Crm.Recipes.RecipeException>(() => recipes.ExecuteAsync(SiteTenant.DefaultName,
            """{ "name": "x", "steps": [ { "name": "lifecycle-stages", "stages": [ { "label": "A" }, { "label": "a" }, { "label": "None" } ] } ] }"""));
        Assert.Contains(refused.Errors, e => e.Contains("appears twice", StringComparison.Ordinal));
        Assert.Contains(refused.Errors, e => e.Contains("'none' means no stage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARuleMovesBuyersToCustomerButNeverBackFromALaterStage()
    {
        // This class's other tests send their events to the engine directly, past the rules.
        var own = site;
        var word = Word();
        using var manager = await own.SignInAsync(SiteFactory.ManagerEmail);
        const string create = "/admin/customers/matching/rules/create";
        var rule = new Dictionary<string, string>
        {
            ["Input.Name"] = "Buyers are customers", ["Input.Enabled"] = "true", ["Input.Trigger"] = "order-placed", ["Input.Stage"] = "customer",
            ["Input.Sample"] = """{ "type": "conversion", "claims": [{ "type": "email", "value": "sample@stages.test" }] }""",
        };
        var tested = await manager.ReadAsync(await manager.PostFormAsync(create, create + "?handler=test", rule));
        Assert.Contains("Moves the contact to the stage customer", Text(tested, "[data-testid=test-stage]"));
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(create, create, rule)).StatusCode);
        Assert.Contains("moves the contact to stage customer", (await manager.GetPageAsync("/admin/customers/matching/rules")).Body!.TextContent);

        var fan = await PersonAsync(own, word, "fan");
        await WorkAsync(manager, fan, "stage", new() { ["stage"] = "evangelist" });
        var http = own.ApiClient(await own.CreateApiKeyAsync());
        string Order(string who) => $$"""{"id":"order-{{who}}-{{word}}","type":"conversion","occurredAt":"2026-12-01T10:00:00Z","claims":[{"type":"email","value":"{{who}}.{{word}}@stages.test"}]}""";
        foreach (var who in new[] { "new", "fan" })
        {
            var sent = await http.PostAsync("/api/crm/events", new StringContent(Order(who), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var buyer = (await manager.GetPageAsync($"/admin/customers?audience=all&q=new.{word}")).QuerySelector("#contact-results a.customer")!.GetAttribute("href")!;
        var profile = await manager.GetPageAsync(buyer);
        Assert.Equal("Customer", Text(profile, "[data-testid=contact-stage]"));
        Assert.Contains("Stage set to Customer by rule \u201CBuyers are customers\u201D", Timeline(profile));
        Assert.Equal("Evangelist", Text(await manager.GetPageAsync($"/admin/customers/{fan}"), "[data-testid=contact-stage]"));
    }

    [Fact]
    public async Task TheBulkPageMarksDoNotContactAndSetsAFieldOnEveryoneAListMatches()
    {
        var word = Word();
        await PersonAsync(site, word, "gil");
        await PersonAsync(site, word, "hal");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await manager.PostFormAsync("/admin/customers/fields", "/admin/customers/fields?handler=create",
            new() { ["Input.Key"] = $"tier_{word}", ["Input.Label"] = $"Tier {word}", ["Input.Type"] = "one-of", ["Input.Options"] = "Bronze\nGold" });
        var page = $"/admin/customers/bulk-work?audience=all&q={word}";
        Dictionary<string, string> Form(params (string, string)[] more)
        {
            var form = new Dictionary<string, string> { ["scope"] = "filter", ["audience"] = "all", ["q"] = word };
            foreach (var (name, value) in more)
            {
                form[name] = value;
            }
            return form;
        }

        // A value that is not one of the field's choices, and no reason: refused on the page, nothing changed.
        var wrong = await manager.ReadAsync(await manager.PostFormAsync(page, "/admin/customers/bulk-work?handler=field", Form(("field", $"tier_{word}"), ("value", "Platinum"))));
        Assert.Contains("not one of this field's choices", Text(wrong, "[data-testid=bulk-problem]"));
        var noReason = await manager.ReadAsync(await manager.PostFormAsync(page, "/admin/customers/bulk-work?handler=reach", Form(("reason", ""))));
        Assert.Contains("Choose why they must not be contacted", Text(noReason, "[data-testid=bulk-problem]"));
        Assert.Empty(await NamesAsync(manager, $"q={word}&contactable=no"));

        var set = await manager.PostFormAsync(page, "/admin/customers/bulk-work?handler=field", Form(("field", $"tier_{word}"), ("value", "gold")));
        Assert.Contains("Set \u201CTier", Text(await manager.GetPageAsync(set.Headers.Location!.OriginalString), "[role=status]"));
        var marked = await manager.PostFormAsync(page, "/admin/customers/bulk-work?handler=reach", Form(("reason", "asked")));
        Assert.Contains("Marked 2 contacts do not contact.", Text(await manager.GetPageAsync(marked.Headers.Location!.OriginalString), "[role=status]"));
        Assert.Equal([$"gil {word}", $"hal {word}"], await NamesAsync(manager, $"q={word}&contactable=no"));
        var csv = (await (await manager.GetAsync($"/admin/customers/export?audience=all&q={word}")).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(csv.Skip(1), line => Assert.EndsWith(",asked,,,Gold", line));
    }
}

using System.Net;
using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Recipes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Matching → Identity rules: the defaults, creating and editing rules, the test panel, export and import.</summary>
public sealed class IdentityRulesPagesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Rules = "/admin/customers/matching/rules";

    private async Task<IngestResult> SendAsync(CrmEvent evt)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        return await scope.ServiceProvider.GetRequiredService<ICrmEventSink>().SendAsync(evt);
    }

    private async Task<List<string>> IdentifiersOfAsync(long contactId)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Identifiers
            .Where(i => i.TenantId == "Default" && i.ContactId == contactId).Select(i => i.Type + "=" + i.Value).ToListAsync();
    }

    private static CrmEvent Signup(string id, string email) => new()
    {
        Id = id,
        Type = "newsletter.signup",
        OccurredAt = Day1,
        Claims = [Visitor("v-" + id)],
        PayloadJson = JsonSerializer.Serialize(new { subscriber = new { email } }),
    };

    [Fact]
    public async Task TheDefaultRecipeShipsTheDefaultRulesAndOnlyManagersSeeThem()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var page = await manager.GetPageAsync(Rules);
        Assert.Equal(
            ["Forms identify the visitor", "Chats identify the visitor", "Chat messages keep the thread", "Orders carry the customer", "Sign-ups in telemetry"],
            page.QuerySelectorAll(".rules-table .customer-name").Select(a => a.TextContent));
        Assert.Contains("Order placed", page.QuerySelector(".rules-table")!.TextContent);
        Assert.Contains("Identity rules", (await manager.GetPageAsync("/admin/customers/matching")).QuerySelector(".page-tabs")!.TextContent);

        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(Rules)).StatusCode);
        // A viewer has Matching's tabs for what it may see (review, possible duplicates), never the rules.
        Assert.DoesNotContain("Identity rules", (await viewer.GetPageAsync("/admin/customers/matching")).QuerySelector(".page-tabs")!.TextContent);
    }

    [Fact]
    public async Task ACreatedRuleShapesTheNextEventAndDisablingOrDeletingItStopsIt()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var created = await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create", new()
        {
            ["Input.Name"] = "Newsletter sign-ups",
            ["Input.Enabled"] = "true",
            ["Input.Trigger"] = RuleTriggers.Custom,
            ["Input.EventType"] = "newsletter.signup",
            ["Input.Identifiers[0].Field"] = "subscriber.email",
            ["Input.Identifiers[0].Identifier"] = "email",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await manager.GetPageAsync(Rules);
        Assert.Contains("Rule \"Newsletter sign-ups\" created.", list.QuerySelector(".alert-success")!.TextContent);
        var link = list.QuerySelectorAll(".rules-table a").Single(a => a.TextContent == "Newsletter sign-ups").GetAttribute("href")!;

        var first = await SendAsync(Signup("signup-1", "Reader@News.test"));
        Assert.Contains("email=reader@news.test", await IdentifiersOfAsync(first.ContactId!.Value));

        var disabled = await manager.PostFormAsync(link, link, new()
        {
            ["Input.Name"] = "Newsletter sign-ups",
            ["Input.Enabled"] = "false",
            ["Input.Trigger"] = RuleTriggers.Custom,
            ["Input.EventType"] = "newsletter.signup",
            ["Input.Identifiers[0].Field"] = "subscriber.email",
            ["Input.Identifiers[0].Identifier"] = "email",
        });
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        var second = await SendAsync(Signup("signup-2", "second@news.test"));
        Assert.DoesNotContain(await IdentifiersOfAsync(second.ContactId!.Value), i => i.StartsWith("email=", StringComparison.Ordinal));
        Assert.Contains("Disabled", (await manager.GetPageAsync(Rules)).QuerySelector($"a[href='{link}']")!.Closest("tr")!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(link, link + "?handler=delete", [])).StatusCode);
        Assert.DoesNotContain("Newsletter sign-ups", (await manager.GetPageAsync(Rules)).QuerySelector(".rules-table")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task AnInvalidRuleIsShownWithItsErrorsNextToTheFieldsAndNotSaved()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var before = (await manager.GetPageAsync(Rules)).QuerySelectorAll(".rules-table tbody tr").Length;
        var response = await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create", new()
        {
            ["Input.Name"] = "Forms identify the visitor",
            ["Input.Trigger"] = RuleTriggers.Custom,
            ["Input.EventType"] = "",
            ["Input.Identifiers[0].Field"] = "email",
            ["Input.Identifiers[0].Identifier"] = "fax",
            ["Input.Identifiers[1].Field"] = "phone",
            ["Input.Identifiers[1].Identifier"] = "",
            ["Input.RecordConversion"] = "true",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await manager.ReadAsync(response);
        var errors = page.QuerySelectorAll(".field-error").Select(e => e.TextContent).Where(t => t.Length > 0).ToList();
        Assert.Contains(errors, e => e.Contains("A custom trigger needs an event type"));
        Assert.Contains(errors, e => e.Contains("'fax', which is unknown"));
        Assert.Contains(errors, e => e.Contains("Choose the identifier type that field 'phone' holds."));
        Assert.Contains(errors, e => e.Contains("Record conversion needs the field"));
        Assert.Equal("email", page.QuerySelector("input[name='Input.Identifiers[0].Field']")!.GetAttribute("value"));
        Assert.Equal(before, (await manager.GetPageAsync(Rules)).QuerySelectorAll(".rules-table tbody tr").Length);
    }

    [Fact]
    public async Task TheTestPanelShowsTheClaimsAndTheOutcomeWithoutStoringAnything()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var formRule = (await manager.GetPageAsync(Rules)).QuerySelectorAll(".rules-table a")
            .Single(a => a.TextContent == "Forms identify the visitor").GetAttribute("href")!;
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Forms identify the visitor",
            ["Input.Enabled"] = "true",
            ["Input.Trigger"] = RuleTriggers.FormSubmitted,
            // Unsaved edit: the phone mapping is gone, the email one is now verified.
            ["Input.Identifiers[0].Field"] = "email",
            ["Input.Identifiers[0].Identifier"] = "email",
            ["Input.Identifiers[0].Verified"] = "true",
            ["Input.Traits[0].Field"] = "name",
            ["Input.Traits[0].Trait"] = "name",
            ["Input.Sample"] = """{ "type": "form", "claims": [ { "type": "visitor_id", "value": "v-panel" } ], "payload": { "email": "panel@test.example", "phone": "+44 20 7946 0001", "name": "Pat Panel" } }""",
        };
        var stored = await site.StoredEventCountAsync();
        var page = await manager.ReadAsync(await manager.PostFormAsync(formRule, formRule + "?handler=test", new(fields)));
        var result = page.QuerySelector("[data-testid=test-result]")!.TextContent;
        Assert.Contains("The trigger matches this event.", result);
        Assert.Contains("panel@test.example", result);
        Assert.Contains("from this rule", result);
        Assert.DoesNotContain("+44 20 7946 0001", result);
        Assert.Contains("Pat Panel", result);
        Assert.Equal("A new contact would be created.", page.QuerySelector("[data-testid=test-outcome]")!.TextContent.Trim());
        Assert.Equal(stored, await site.StoredEventCountAsync());
        Assert.Contains("phone", (await manager.GetPageAsync(Rules)).QuerySelector($"a[href='{formRule}']")!.Closest("tr")!.TextContent);

        await site.IngestAsync(Form("panel-known", Day1, Email("panel@test.example")) with { Traits = new Dictionary<string, string> { ["name"] = "Known Panel" } });
        page = await manager.ReadAsync(await manager.PostFormAsync(formRule, formRule + "?handler=test", new(fields)));
        Assert.Equal("Attached to Known Panel.", page.QuerySelector("[data-testid=test-outcome]")!.TextContent.Trim());

        fields["Input.Sample"] = """{ "type": "conversion", "payload": { "email": "x@test.example" } }""";
        page = await manager.ReadAsync(await manager.PostFormAsync(formRule, formRule + "?handler=test", new(fields)));
        Assert.Contains("The trigger does not match a conversion event", page.QuerySelector("[data-testid=test-result]")!.TextContent);
        Assert.Contains("at least one identifier claim", page.QuerySelector("[data-testid=test-result]")!.TextContent);

        fields["Input.Sample"] = "{ not json";
        page = await manager.ReadAsync(await manager.PostFormAsync(formRule, formRule + "?handler=test", new(fields)));
        Assert.Contains("The sample is not valid JSON: check line 1 near character 3", page.QuerySelector("[data-testid=test-result]")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=rule-does-nothing]"));

        // A rule with every mapping cleared does nothing: the test says so.
        var empty = new Dictionary<string, string>(fields) { ["Input.Identifiers[0].Field"] = "", ["Input.Traits[0].Field"] = "", ["Input.Sample"] = """{ "type": "form" }""" };
        page = await manager.ReadAsync(await manager.PostFormAsync(formRule, formRule + "?handler=test", empty));
        Assert.NotNull(page.QuerySelector("[data-testid=rule-does-nothing]"));

        // "More rows" brings the form back with three more blank rows under each mapping, keeping what was typed.
        page = await manager.ReadAsync(await manager.PostFormAsync(formRule, formRule + "?handler=rows", new(fields)));
        Assert.Equal("email", page.QuerySelector("input[name='Input.Identifiers[0].Field']")!.GetAttribute("value"));
        Assert.Equal(4, page.QuerySelectorAll("input[name^='Input.Identifiers'][name$='].Field']").Length);
    }

    [Fact]
    public async Task ExportGivesARecipeThatImportsBackUnchanged()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var response = await manager.GetAsync($"{Rules}?handler=export");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var recipe = await response.Content.ReadAsStringAsync();
        var step = JsonDocument.Parse(recipe).RootElement.GetProperty("steps")[0];
        Assert.Equal("identity-rules", step.GetProperty("name").GetString());
        Assert.Contains(step.GetProperty("rules").EnumerateArray(), r => r.GetProperty("name").GetString() == "Orders carry the customer");

        var log = new List<string>();
        await using var scope = await site.TenantScopeAsync("Default");
        await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", recipe, log.Add);
        Assert.All(log.Where(l => l.Contains("identity rule")), l => Assert.EndsWith("unchanged", l));
    }

    [Fact]
    public async Task ARecipeWithABadRuleIsRefusedWhole()
    {
        site.StartServer();
        await using var scope = await site.TenantScopeAsync("Default");
        var recipe = """
            { "name": "bad", "steps": [ { "name": "identity-rules", "rules": [
              { "name": "Good", "trigger": "form-submitted", "tasks": [ { "task": "resolve-identity", "fields": [ { "field": "email", "identifier": "email" } ] } ] },
              { "name": "Bad", "trigger": "form-submited", "tasks": [ { "task": "resolve-identity", "fields": [ { "field": "email", "identifer": "email" } ] } ] } ] } ] }
            """;
        var error = await Assert.ThrowsAsync<RecipeException>(() => scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", recipe));
        Assert.Contains(error.Errors, e => e.Contains("rules[1]") && e.Contains("identifer"));
        Assert.False(await scope.ServiceProvider.GetRequiredService<CrmDbContext>().IdentityRules.AnyAsync(r => r.Name == "Good"));
    }
}

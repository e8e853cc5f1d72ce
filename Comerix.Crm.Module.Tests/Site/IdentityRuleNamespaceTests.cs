using System.Net;
using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Recipes;
using Comerix.Crm.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// An external_ref mapping names the system its ids come from: without a namespace every claim it made was dropped,
/// so the editor and recipes refuse it, and with one the ids arrive as <c>namespace:id</c>.
/// </summary>
public sealed class IdentityRuleNamespaceTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Rules = "/admin/customers/matching/rules";

    private static Dictionary<string, string> ShopRule(string name, string? ns) => new()
    {
        ["Input.Name"] = name,
        ["Input.Enabled"] = "true",
        ["Input.Trigger"] = RuleTriggers.Custom,
        ["Input.EventType"] = "shop.customer",
        ["Input.Identifiers[0].Field"] = "customer.id",
        ["Input.Identifiers[0].Identifier"] = "external_ref",
        ["Input.Identifiers[0].Namespace"] = ns ?? "",
        ["Input.Identifiers[0].Verified"] = "true",
    };

    [Fact]
    public async Task AnExternalRefMappingWithoutANamespaceIsRefusedWithTheReasonAndNotSaved()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var before = (await manager.GetPageAsync(Rules)).QuerySelectorAll(".rules-table tbody tr").Length;
        var response = await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create", ShopRule("Shop customers", ns: null));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await manager.ReadAsync(response);
        Assert.Contains(page.QuerySelectorAll(".field-error").Select(e => e.TextContent),
            e => e.Contains("Field 'customer.id' maps to external_ref, which needs a namespace"));
        Assert.Equal("customer.id", page.QuerySelector("input[name='Input.Identifiers[0].Field']")!.GetAttribute("value"));
        Assert.Equal(before, (await manager.GetPageAsync(Rules)).QuerySelectorAll(".rules-table tbody tr").Length);

        var badNamespace = await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create", ShopRule("Shop customers", "my shop!"));
        Assert.Equal(HttpStatusCode.BadRequest, badNamespace.StatusCode);
        Assert.Contains((await manager.ReadAsync(badNamespace)).QuerySelectorAll(".field-error").Select(e => e.TextContent),
            e => e.Contains("The namespace 'my shop!' of field 'customer.id' must be"));
    }

    [Fact]
    public async Task AnExternalRefMappingWithANamespaceIdentifiesThePersonByTheNamespacedId()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var fields = ShopRule("Shop customers by id", "Shopify");
        fields["Input.Sample"] = """{ "type": "shop.customer", "claims": [ { "type": "visitor_id", "value": "v-shop" } ], "payload": { "customer": { "id": "1234" } } }""";
        var tested = await manager.ReadAsync(await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create?handler=test", new(fields)));
        Assert.Contains("shopify:1234", tested.QuerySelector("[data-testid=test-result]")!.TextContent);
        Assert.Null(tested.QuerySelector("[data-testid=dropped-claim]"));

        var created = await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var row = (await manager.GetPageAsync(Rules)).QuerySelectorAll(".rules-table tbody tr").Single(r => r.TextContent.Contains("Shop customers by id"));
        Assert.Contains("external_ref shopify:", row.TextContent);

        await using var scope = await site.TenantScopeAsync("Default");
        var result = await scope.ServiceProvider.GetRequiredService<ICrmEventSink>().SendAsync(new CrmEvent
        {
            Id = "shop-customer-1",
            Type = "shop.customer",
            OccurredAt = Day1,
            Claims = [Visitor("v-shop-1")],
            PayloadJson = JsonSerializer.Serialize(new { customer = new { id = "1234" } }),
        });
        Assert.Empty(result.DroppedClaims);
        var identifiers = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Identifiers
            .Where(i => i.TenantId == "Default" && i.ContactId == result.ContactId).Select(i => i.Type + "=" + i.Value).ToListAsync();
        Assert.Contains("external_ref=shopify:1234", identifiers);
    }

    [Fact]
    public async Task ARecipesNamespaceIsTrimmedAndLowerCasedLikeTheEditorsSoBothMakeTheSameRuleAndTheSameKeys()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var fromEditor = ShopRule("Orders (editor)", " Shopify ");
        fromEditor["Input.EventType"] = "shop.order-editor";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create", fromEditor)).StatusCode);
        var recipe = """
            { "name": "orders", "steps": [ { "name": "identity-rules", "rules": [
              { "name": "Orders (recipe)", "trigger": "custom", "eventType": "shop.order-recipe", "tasks": [ { "task": "resolve-identity",
                "fields": [ { "field": "customer.id", "identifier": "external_ref", "namespace": " Shopify ", "verified": true } ] } ] } ] } ] }
            """;
        var log = new List<string>();
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", recipe);
            // Applied again, the rule is found as it was left: what was stored is what the recipe says, normalised.
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", recipe, log.Add);
        }
        Assert.Contains(log, l => l.Contains("identity rule Orders (recipe): unchanged"));

        var rows = (await manager.GetPageAsync(Rules)).QuerySelectorAll(".rules-table tbody tr");
        foreach (var name in new[] { "Orders (editor)", "Orders (recipe)" })
        {
            Assert.Contains("identifies by external_ref shopify:… (verified)", rows.Single(r => r.TextContent.Contains(name)).TextContent);
        }
        var export = JsonDocument.Parse(await (await manager.GetAsync($"{Rules}?handler=export")).Content.ReadAsStringAsync());
        var exported = export.RootElement.GetProperty("steps")[0].GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("tasks"));
        Assert.Equal(exported["Orders (editor)"].GetRawText(), exported["Orders (recipe)"].GetRawText());
        Assert.Equal("shopify", exported["Orders (recipe)"][0].GetProperty("fields")[0].GetProperty("namespace").GetString());

        // An id the shop already sends namespaced is the same key as the bare one, not shopify:shopify:556.
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        var first = await OrderAsync(api, "order-recipe-1", "shopify:556");
        Assert.Equal("created", first.GetProperty("outcome").GetString());
        var second = await OrderAsync(api, "order-recipe-2", "556");
        Assert.Equal("attached", second.GetProperty("outcome").GetString());
        var contactId = first.GetProperty("contactId").GetInt64();
        Assert.Equal(contactId, second.GetProperty("contactId").GetInt64());
        var contact = await ApiJson.ReadAsync(await api.GetAsync($"api/crm/contacts/{contactId}"));
        Assert.Equal(["external_ref=shopify:556"], contact.GetProperty("identifiers").EnumerateArray()
            .Where(i => i.GetProperty("type").GetString() == "external_ref")
            .Select(i => "external_ref=" + i.GetProperty("value").GetString()));
    }

    private static Task<JsonElement> OrderAsync(HttpClient api, string id, string customerId) =>
        ApiJson.PostEventAsync(api, new
        {
            id,
            type = "shop.order-recipe",
            occurredAt = "2026-12-01T10:00:00Z",
            claims = new[] { new { type = "visitor_id", value = "v-" + id } },
            payload = new { customer = new { id = customerId } },
        });

    [Fact]
    public async Task TheTesterNamesADroppedExternalRefClaimWithTheRightArticle()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var fields = ShopRule("WhatsApp senders", "whatsapp");
        fields["Input.Sample"] = """{ "type": "shop.customer", "claims": [ { "type": "visitor_id", "value": "v-wa" } ], "payload": { "customer": { "id": "not a phone" } } }""";
        var page = await manager.ReadAsync(await manager.PostFormAsync($"{Rules}/create", $"{Rules}/create?handler=test", fields));
        var dropped = page.QuerySelector("[data-testid=dropped-claim]")!.TextContent;
        Assert.StartsWith("An external_ref claim would be dropped", dropped.Trim());
        Assert.Contains("'whatsapp' references must hold a phone number", dropped);
    }

    [Fact]
    public async Task ARecipeWithAnExternalRefMappingWithoutANamespaceIsRefusedWhole()
    {
        site.StartServer();
        await using var scope = await site.TenantScopeAsync("Default");
        var recipe = """
            { "name": "refs", "steps": [ { "name": "identity-rules", "rules": [
              { "name": "Ref without namespace", "trigger": "custom", "eventType": "crm.ref", "tasks": [ { "task": "resolve-identity", "fields": [ { "field": "ref", "identifier": "external_ref" } ] } ] } ] } ] }
            """;
        var error = await Assert.ThrowsAsync<RecipeException>(() => scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", recipe));
        Assert.Contains(error.Errors, e => e.Contains("needs a namespace"));
        Assert.False(await scope.ServiceProvider.GetRequiredService<CrmDbContext>().IdentityRules.AnyAsync(r => r.Name == "Ref without namespace"));

        var fixedRecipe = recipe.Replace("\"identifier\": \"external_ref\"", "\"identifier\": \"external_ref\", \"namespace\": \"crm\"");
        await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", fixedRecipe);
        Assert.True(await scope.ServiceProvider.GetRequiredService<CrmDbContext>().IdentityRules.AnyAsync(r => r.Name == "Ref without namespace"));
    }
}

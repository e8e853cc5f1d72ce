using System.Net;
using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Recipes;
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

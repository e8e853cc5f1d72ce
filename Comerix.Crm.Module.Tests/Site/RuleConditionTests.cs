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
/// Conditions on identity rules (issue 19, item 6): a rule runs only when its conditions on the event hold, all of them
/// or any; each operator; edited in the rule editor, shown in the tester ("Skipped: condition … did not hold"), kept by
/// recipes.
/// </summary>
public sealed class RuleConditionTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Create = "/admin/customers/matching/rules/create";

    private static CrmEvent Signup(string id, object payload, Dictionary<string, string>? traits = null) => new()
    {
        Id = id, Type = "newsletter.signup", OccurredAt = Day1, Claims = [Visitor("v-" + id)], Traits = traits,
        PayloadJson = JsonSerializer.Serialize(payload),
    };

    private static bool Fires(RuleCondition condition, CrmEvent evt, string? match = null, params RuleCondition[] more)
    {
        var rule = new IdentityRuleDefinition
        {
            Name = "r", Trigger = RuleTriggers.Custom, EventType = "newsletter.signup", Match = match, Conditions = [condition, .. more],
            Tasks = [new RuleTask { Task = RuleTasks.SetTraits, Fields = [new FieldMapping { Field = "plan", Trait = "plan" }] }],
        };
        return new IdentityRuleSet([("r", rule)]).Apply(evt).FiredRules.Count == 1;
    }

    public static TheoryData<string, string?, string, bool> Operators => new()
    {
        { RuleConditions.Equal, "Pro", """{"plan":"pro"}""", true },
        { RuleConditions.Equal, "Pro", """{"plan":"professional"}""", false },
        { RuleConditions.Equal, "Pro", "{}", false },
        { RuleConditions.Contains, "@acme.", """{"plan":"ops@ACME.com"}""", true },
        { RuleConditions.Contains, "@acme.", """{"plan":"ops@other.com"}""", false },
        { RuleConditions.OneOf, "basic, pro ,team", """{"plan":"Team"}""", true },
        { RuleConditions.OneOf, "basic, pro ,team", """{"plan":"enterprise"}""", false },
        { RuleConditions.Exists, null, """{"plan":"x"}""", true },
        { RuleConditions.Exists, null, """{"plan":"  "}""", false },
        { RuleConditions.Exists, null, """{"other":"x"}""", false },
        { RuleConditions.Consent, null, """{"plan":true}""", true },
        { RuleConditions.Consent, null, """{"plan":"granted"}""", true },
        { RuleConditions.Consent, null, """{"plan":"yes"}""", true },
        { RuleConditions.Consent, null, """{"plan":false}""", false },
        { RuleConditions.Consent, null, """{"plan":"no"}""", false },
        { RuleConditions.Consent, null, "{}", false },
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public void EachOperatorHoldsOnlyForTheValuesItNames(string op, string? value, string payload, bool fires) =>
        Assert.Equal(fires, Fires(new RuleCondition { Field = "plan", Operator = op, Value = value }, Signup("x", JsonDocument.Parse(payload).RootElement)));

    [Fact]
    public void AllOfNeedsEveryConditionAnyOfOneAndTraitsAreReadToo()
    {
        var evt = Signup("x", new { plan = "pro" }, new Dictionary<string, string> { ["region"] = "EU" });
        var plan = new RuleCondition { Field = "plan", Operator = RuleConditions.Equal, Value = "pro" };
        var region = new RuleCondition { Field = "traits.region", Operator = RuleConditions.Equal, Value = "US" };
        Assert.False(Fires(plan, evt, null, region));
        Assert.False(Fires(plan, evt, RuleConditions.MatchAll, region));
        Assert.True(Fires(plan, evt, RuleConditions.MatchAny, region));
        Assert.True(Fires(region with { Value = "eu" }, evt));
    }

    [Fact]
    public async Task ARuleWithAConditionRunsOnlyWhenItHoldsAndTheEditorTesterAndRecipesKeepIt()
    {
        var word = "c" + Guid.NewGuid().ToString("N")[..7];
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var form = new Dictionary<string, string>
        {
            ["Input.Name"] = $"Consenting sign-ups {word}", ["Input.Enabled"] = "true", ["Input.Trigger"] = "custom", ["Input.EventType"] = $"signup.{word}",
            ["Input.Match"] = "all",
            ["Input.Conditions[0].Field"] = "consent.marketing", ["Input.Conditions[0].Operator"] = RuleConditions.Consent,
            ["Input.Conditions[1].Field"] = "subscriber.email", ["Input.Conditions[1].Operator"] = RuleConditions.Equal,
            ["Input.Identifiers[0].Field"] = "subscriber.email", ["Input.Identifiers[0].Identifier"] = "email",
        };
        // A comparison without its value is refused by name; nothing saved.
        var refused = await manager.ReadAsync(await manager.PostFormAsync(Create, Create, form));
        Assert.Contains("The condition on 'subscriber.email' needs a value to compare with.", refused.QuerySelector("#conditions")!.TextContent);
        form["Input.Conditions[1].Operator"] = RuleConditions.Contains;
        form["Input.Conditions[1].Value"] = "@";

        form["Input.Sample"] = $$"""{ "type": "signup.{{word}}", "payload": { "consent": { "marketing": "no" }, "subscriber": { "email": "no@conditions.test" } } }""";
        var tested = await manager.ReadAsync(await manager.PostFormAsync(Create, Create + "?handler=test", form));
        Assert.Equal("Skipped: condition consent.marketing is a yes (consent given) did not hold. The rule would not run.",
            tested.QuerySelector("[data-testid=test-skipped]")!.TextContent.Trim());
        form.Remove("Input.Sample");
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(Create, Create, form)).StatusCode);
        Assert.Contains("only when consent.marketing is a yes (consent given) and subscriber.email contains \u201C@\u201D",
            (await manager.GetPageAsync("/admin/customers/matching/rules")).Body!.TextContent);

        await using var scope = await site.TenantScopeAsync("Default");
        var sink = scope.ServiceProvider.GetRequiredService<ICrmEventSink>();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        Task<bool> KnownAsync(string email) => db.Identifiers.AnyAsync(i => i.TenantId == "Default" && i.Type == "email" && i.Value == email);
        CrmEvent Event(string who, string consent) => Signup($"{who}-{word}", new { consent = new { marketing = consent }, subscriber = new { email = $"{who}.{word}@conditions.test" } }) with { Type = $"signup.{word}" };
        await sink.SendAsync(Event("yes", "yes"));
        await sink.SendAsync(Event("no", "no"));
        Assert.True(await KnownAsync($"yes.{word}@conditions.test"));
        Assert.False(await KnownAsync($"no.{word}@conditions.test"));

        // The export carries the conditions; the recipe applied again leaves the rule as it is.
        var exported = await (await manager.GetAsync("/admin/customers/matching/rules?handler=export")).Content.ReadAsStringAsync();
        Assert.Contains("\"conditions\":[{\"field\":\"consent.marketing\",\"operator\":\"consent\"}", exported.Replace(" ", "").Replace("\n", ""));
        var log = new List<string>();
        await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", exported, log.Add);
        var stored = await db.IdentityRules.AsNoTracking().SingleAsync(r => r.TenantId == "Default" && r.Name == $"Consenting sign-ups {word}");
        Assert.Equal(2, stored.ToDefinition().Conditions!.Count);
    }
}

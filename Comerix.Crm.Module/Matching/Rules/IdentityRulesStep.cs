using System.Text.Json;
using Comerix.Crm.Recipes;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// <c>{ "name": "identity-rules", "rules": [ { "name", "enabled", "trigger", "eventType"?, "tasks": [...] } ] }</c>.
/// Imports rules by name: a missing rule is created, a changed one replaced, an identical one left alone.
/// The admin's Export gives the same shape.
/// </summary>
internal sealed class IdentityRulesStep(IdentityRuleStore store) : IRecipeStepHandler
{
    public const string Name = "identity-rules";
    public const string RecipeActor = "recipe";

    public string StepName => Name;

    public IEnumerable<string> Validate(JsonElement step)
    {
        if (!step.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            return ["\"rules\" must be an array of identity rules"];
        }
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var element in rules.EnumerateArray())
        {
            var rule = IdentityRuleJson.Read(element, out var error);
            if (rule is null)
            {
                errors.Add($"rules[{i}]: {error ?? "must be an object"}");
            }
            else
            {
                errors.AddRange(IdentityRuleValidator.Validate(rule).Select(e => $"rules[{i}] ({rule.Name}): {e.Message}"));
                if (!names.Add(rule.Name.Trim()))
                {
                    errors.Add($"rules[{i}]: the name '{rule.Name}' appears twice");
                }
            }
            i++;
        }
        return errors;
    }

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var element in context.Step.GetProperty("rules").EnumerateArray())
        {
            var rule = IdentityRuleJson.Read(element, out _)!;
            var changed = await store.ImportAsync(context.TenantId, rule, RecipeActor, cancellationToken);
            context.Log($"  identity rule {rule.Name}: {(changed ? "saved" : "unchanged")}");
        }
    }

    /// <summary>The step that recreates <paramref name="rules"/> elsewhere (the admin's Export).</summary>
    public static object Export(IEnumerable<IdentityRule> rules) => new
    {
        name = Name,
        rules = rules.Select(r => r.ToDefinition()).ToList(),
    };
}

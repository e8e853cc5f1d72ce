using System.Text.Json;
using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

/// <summary>Matching → Identity rules: the tenant's rules in the order they run, with Export as a recipe step.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class IndexModel(IdentityRuleStore store) : CrmAdminPageModel
{
    private static readonly JsonSerializerOptions ExportJson = new(IdentityRuleJson.Options) { WriteIndented = true };

    public IReadOnlyList<IdentityRule> Rules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rules = await store.ListAsync(TenantId, cancellationToken);

    /// <summary>The rules as a recipe, ready for <c>recipe apply</c> on another site.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var rules = await store.ListAsync(TenantId, cancellationToken);
        var recipe = new { name = "identity-rules", steps = new[] { IdentityRulesStep.Export(rules) } };
        return File(JsonSerializer.SerializeToUtf8Bytes(recipe, ExportJson), "application/json", "identity-rules.recipe.json");
    }

    public static string Summary(IdentityRuleDefinition rule)
    {
        var parts = new List<string>();
        if (rule.Task(RuleTasks.ResolveIdentity)?.Fields is { Count: > 0 } ids)
        {
            parts.Add("identifies by " + string.Join(", ", ids.Select(f => (f.Namespace is null ? f.Identifier : $"{f.Identifier} {f.Namespace}:…") + (f.Verified ? " (verified)" : ""))));
        }
        if (rule.Task(RuleTasks.SetTraits)?.Fields is { Count: > 0 } traits)
        {
            parts.Add("sets " + string.Join(", ", traits.Select(f => f.Trait)));
        }
        if (rule.Task(RuleTasks.RecordConversion) is { } conversion)
        {
            parts.Add($"records the value of {conversion.ValueField}");
        }
        if (rule.Task(RuleTasks.SetStage) is { } stage)
        {
            parts.Add($"moves the contact to stage {stage.Stage}");
        }
        if (rule.Conditions is { Count: > 0 } conditions)
        {
            parts.Add((rule.Match == RuleConditions.MatchAny ? "when any of: " : "only when ") + string.Join(rule.Match == RuleConditions.MatchAny ? "; " : " and ", conditions.Select(RuleConditions.Describe)));
        }
        return string.Join("; ", parts);
    }
}

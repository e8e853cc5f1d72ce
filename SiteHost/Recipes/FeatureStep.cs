using System.Text.Json;
using Comerix.Crm;
using Comerix.Crm.Recipes;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Recipes;

/// <summary><c>{ "name": "feature", "enable": ["Comerix.Crm"], "disable": [] }</c></summary>
internal sealed class FeatureStep(SiteDbContext db, TenantRegistry registry) : IRecipeStepHandler
{
    public string StepName => "feature";

    public IEnumerable<string> Validate(JsonElement step)
    {
        foreach (var property in new[] { "enable", "disable" })
        {
            if (!step.TryGetProperty(property, out _))
            {
                continue;
            }
            if (JsonStep.Strings(step, property) is not { } ids)
            {
                yield return $"\"{property}\" must be an array of feature ids";
                continue;
            }
            foreach (var id in ids.Where(id => !CrmFeatures.All.Contains(id)))
            {
                yield return $"unknown feature \"{id}\" (known: {string.Join(", ", CrmFeatures.All)})";
            }
        }
    }

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Name == context.TenantId, cancellationToken)
            ?? throw new RecipeException([$"tenant \"{context.TenantId}\" does not exist"]);
        var features = tenant.Features.ToHashSet();
        features.UnionWith(JsonStep.Strings(context.Step, "enable") ?? []);
        features.ExceptWith(JsonStep.Strings(context.Step, "disable") ?? []);
        var enabled = string.Join(' ', features.Order(StringComparer.Ordinal));
        if (enabled != tenant.EnabledFeatures)
        {
            tenant.EnabledFeatures = enabled;
            await db.SaveChangesAsync(cancellationToken);
            registry.Invalidate();
        }
        context.Log($"  features enabled: {enabled}");
    }
}

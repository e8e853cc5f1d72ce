using Microsoft.AspNetCore.Http;

namespace Comerix.Crm;

/// <summary>Which features the current tenant has enabled. A host without tenants keeps the default: all of them.</summary>
public interface ITenantFeatures
{
    ValueTask<bool> IsEnabledAsync(HttpContext context, string featureId);
}

internal sealed class AllFeaturesEnabled : ITenantFeatures
{
    public ValueTask<bool> IsEnabledAsync(HttpContext context, string featureId) => ValueTask.FromResult(true);
}

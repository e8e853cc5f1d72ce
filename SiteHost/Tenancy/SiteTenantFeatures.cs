using Comerix.Crm;

namespace Comerix.SiteHost.Tenancy;

/// <summary>A tenant sees a module's pages and menu entries only once a recipe enabled its feature.</summary>
internal sealed class SiteTenantFeatures : ITenantFeatures
{
    public ValueTask<bool> IsEnabledAsync(HttpContext context, string featureId)
    {
        var tenant = context.RequestServices.GetRequiredService<CurrentTenant>();
        return ValueTask.FromResult(tenant.Tenant.Features.Contains(featureId));
    }
}

using Comerix.Crm;
using Comerix.Crm.Tenancy;
using Comerix.SiteHost.Tenancy;

namespace Comerix.SiteHost.Extensions;

/// <summary>Tenants: resolved per request, shared by the CRM module through <see cref="ICrmTenantAccessor"/>.</summary>
public static class TenancyExtensions
{
    public static void AddTenancy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantRegistry>();
        builder.Services.AddScoped<CurrentTenant>();
        builder.Services.AddScoped<ICrmTenantAccessor>(sp => sp.GetRequiredService<CurrentTenant>());
        builder.Services.AddSingleton<ITenantFeatures, SiteTenantFeatures>();
    }

    /// <summary>
    /// Picks the request's tenant (its host name or /t/{prefix}); before routing, so the prefix becomes the PathBase.
    /// Not for /health, the host's: it reads no tenant, and must answer 503 when the database that holds the tenant
    /// list does not answer, rather than fail resolving a tenant.
    /// </summary>
    public static void UseTenancy(this WebApplication app) =>
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(HealthExtensions.Path, StringComparison.OrdinalIgnoreCase),
            tenancy => tenancy.UseMiddleware<TenantResolutionMiddleware>());
}

namespace Comerix.SiteHost.Tenancy;

/// <summary>
/// Picks the tenant for a request: a tenant whose host name matches, else <c>/t/{prefix}</c> (which becomes the
/// PathBase, so every link and redirect the tenant's pages make stays under its prefix), else the default tenant.
/// An unknown prefix is a 404: it must never fall through to another tenant's data.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, TenantRegistry registry)
{
    public const string PrefixSegment = "/t";

    public async Task InvokeAsync(HttpContext context, CurrentTenant current)
    {
        var tenants = await registry.GetAllAsync();
        var host = context.Request.Host.Host;
        var tenant = tenants.FirstOrDefault(t => t.HostName is not null && string.Equals(t.HostName, host, StringComparison.OrdinalIgnoreCase));
        if (tenant is null && context.Request.Path.StartsWithSegments(PrefixSegment, out var afterT))
        {
            var prefix = afterT.Value?.TrimStart('/').Split('/')[0] ?? "";
            tenant = tenants.FirstOrDefault(t => t.UrlPrefix is not null && string.Equals(t.UrlPrefix, prefix, StringComparison.OrdinalIgnoreCase));
            if (tenant is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var tenantBase = new PathString($"{PrefixSegment}/{tenant.UrlPrefix}");
            context.Request.Path.StartsWithSegments(tenantBase, StringComparison.OrdinalIgnoreCase, out var rest);
            context.Request.PathBase = context.Request.PathBase.Add(tenantBase);
            context.Request.Path = rest;
        }
        tenant ??= tenants.FirstOrDefault(t => t.IsDefault);
        if (tenant is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("The site is not set up yet.");
            return;
        }
        current.Set(tenant);
        await next(context);
    }
}

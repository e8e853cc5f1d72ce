using System.Security.Claims;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Security;

public static class SiteClaims
{
    /// <summary>The tenant a sign-in belongs to. A cookie is only honoured on its own tenant.</summary>
    public const string Tenant = "comerix:tenant";

    /// <summary>Rejects a cookie presented to a tenant other than the one that issued it.</summary>
    public static Task RejectOtherTenants(CookieValidatePrincipalContext context)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<CurrentTenant>();
        if (context.Principal?.FindFirstValue(Tenant) != tenant.Name)
        {
            context.RejectPrincipal();
        }
        return Task.CompletedTask;
    }
}

/// <summary>Adds the tenant claim to every principal Identity builds at sign-in.</summary>
internal sealed class SiteClaimsPrincipalFactory(
    UserManager<SiteUser> users, RoleManager<SiteRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<SiteUser, SiteRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(SiteUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SiteClaims.Tenant, user.TenantId));
        return identity;
    }
}

/// <summary>
/// Names each tenant's cookies apart (".Comerix.Auth.acme"), so signing in to one tenant on the same host name
/// neither signs you out of another nor is sent as a sign-in to it.
/// </summary>
internal sealed class TenantCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Name(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, Name(context, key), options);

    private static string Name(HttpContext context, string key) =>
        key + "." + context.RequestServices.GetRequiredService<CurrentTenant>().Name;
}

using System.Security.Claims;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace Comerix.SiteHost.Security;

/// <summary>
/// Grants a permission when one of the user's roles (in the current tenant) holds it or a permission implying it.
/// A principal signed in to another tenant holds nothing here.
/// </summary>
internal sealed class RolePermissionHandler(SiteDbContext db, RoleGrants grants, CurrentTenant tenant)
    : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(SiteClaims.Tenant) != tenant.Name)
        {
            return;
        }
        var granted = await grants.GetAsync(db);
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (requirement.Permission.WithImplyingPermissions().Any(p => roles.Any(r => granted.Contains((r, p.Name)))))
        {
            context.Succeed(requirement);
        }
    }
}

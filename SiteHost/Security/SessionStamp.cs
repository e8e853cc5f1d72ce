using System.Security.Claims;
using Comerix.SiteHost.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Security;

/// <summary>
/// A sign-in cookie is good only while its user's security stamp is unchanged. Signing out renews the stamp (as a
/// password change does), so a copy of the cookie taken before is refused on its very next request. Identity's own
/// validator looks only every 30 minutes: a stolen cookie would have outlived the sign-out by that long.
/// </summary>
internal static class SessionStamp
{
    public static async Task RejectStaleAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = principal.FindFirstValue(claims.UserIdClaimType);
        // One key lookup, within the current tenant (the context's query filter).
        var current = await services.GetRequiredService<SiteDbContext>().Users.AsNoTracking()
            .Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is null || current != principal.FindFirstValue(claims.SecurityStampClaimType))
        {
            context.RejectPrincipal();
            // Also tells the browser to drop the cookie it holds.
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}

using System.Security.Claims;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Api.Security;

/// <summary>Met by an API key that holds <see cref="Scope"/>.</summary>
public sealed class ApiScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

/// <summary>The read API: met by a key with the read scope, or by a signed-in user who holds comerix.crm.view.</summary>
public sealed class CrmReadAccessRequirement : IAuthorizationRequirement;

internal sealed class ApiAccessHandler(IHttpContextAccessor http) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            switch (requirement)
            {
                case ApiScopeRequirement scope when HasScope(context.User, scope.Scope):
                    context.Succeed(requirement);
                    break;
                case CrmReadAccessRequirement when await MayReadAsync(context.User):
                    context.Succeed(requirement);
                    break;
            }
        }
    }

    private static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.HasClaim(CrmApiAuthentication.ScopeClaim, scope);

    private async Task<bool> MayReadAsync(ClaimsPrincipal user)
    {
        if (user.HasClaim(c => c.Type == CrmApiAuthentication.KeyIdClaim))
        {
            return HasScope(user, ApiScopes.Read);
        }
        if (user.Identity?.IsAuthenticated != true || http.HttpContext is not { } context)
        {
            return false;
        }
        // A signed-in user: the same permission check as the admin pages (the host decides who holds it).
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(user, CrmPermissions.ViewName)).Succeeded;
    }
}

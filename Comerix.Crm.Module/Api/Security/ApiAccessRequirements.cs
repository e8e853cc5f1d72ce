using System.Security.Claims;
using Comerix.Crm.Api.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Api.Security;

/// <summary>Met by an API key that holds <see cref="Scope"/>.</summary>
public sealed class ApiScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

/// <summary>
/// The read API: met by a key with the read scope, or by a signed-in user who holds each of
/// <see cref="UserPermissions"/> (comerix.crm.view; for the list, comerix.crm.export too).
/// </summary>
public sealed class CrmReadAccessRequirement(params string[] userPermissions) : IAuthorizationRequirement
{
    public IReadOnlyList<string> UserPermissions { get; } = userPermissions;

    /// <summary>The scope a key needs instead: read, unless the endpoint says otherwise (privacy for an export).</summary>
    public string KeyScope { get; init; } = ApiScopes.Read;
}

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
                case CrmReadAccessRequirement read when await MayReadAsync(context.User, read.KeyScope, read.UserPermissions):
                    context.Succeed(requirement);
                    break;
            }
        }
    }

    private static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.HasClaim(CrmApiAuthentication.ScopeClaim, scope);

    private async Task<bool> MayReadAsync(ClaimsPrincipal user, string keyScope, IReadOnlyList<string> permissions)
    {
        if (user.HasClaim(c => c.Type == CrmApiAuthentication.KeyIdClaim))
        {
            return HasScope(user, keyScope);
        }
        if (user.Identity?.IsAuthenticated != true || http.HttpContext is not { } context)
        {
            return false;
        }
        // A signed-in user: the same permission checks as the admin pages (the host decides who holds them).
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        foreach (var permission in permissions)
        {
            if (!(await authorization.AuthorizeAsync(user, permission)).Succeeded)
            {
                return false;
            }
        }
        return true;
    }
}

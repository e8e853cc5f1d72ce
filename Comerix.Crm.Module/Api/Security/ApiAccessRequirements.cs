using System.Security.Claims;
using Comerix.Crm.Api.Browser;
using Comerix.Crm.Api.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Api.Security;

/// <summary>Met by an API key that holds <see cref="Scope"/>.</summary>
internal sealed class ApiScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

/// <summary>
/// The read API: met by a key with the read scope, or by a signed-in user who holds each of
/// <see cref="UserPermissions"/> (comerix.crm.view; for the list, comerix.crm.export too).
/// </summary>
internal sealed class CrmReadAccessRequirement(params string[] userPermissions) : IAuthorizationRequirement
{
    public IReadOnlyList<string> UserPermissions { get; } = userPermissions;

    /// <summary>The scope a key needs instead: read, unless the endpoint says otherwise (privacy for an export).</summary>
    public string KeyScope { get; init; } = ApiScopes.Read;
}

/// <summary>
/// Where and how a key may be used, on every API policy, so no endpoint can forget it:
/// <list type="bullet">
/// <item>a browser key (public by nature) only on the browser routes (<see cref="BrowserEndpoint"/>: the Segment
/// routes), and only with an <c>Origin</c> it lists;</item>
/// <item>a server key (a secret) never from a web page: a request that sends <c>Origin</c> came from one.</item>
/// </list>
/// </summary>
internal sealed class ApiKeyUseRequirement : IAuthorizationRequirement
{
    public static readonly ApiKeyUseRequirement Instance = new();

    private ApiKeyUseRequirement()
    {
    }

    /// <summary>Why <paramref name="user"/>'s key may not be used for this request; null when it may (or no key was used).</summary>
    internal static KeyUseRefusal? Refusal(ClaimsPrincipal user, HttpContext context)
    {
        if (user.FindFirstValue(CrmApiAuthentication.KeyIdClaim) is null)
        {
            return null;
        }
        var sent = context.Request.Headers.Origin.ToString();
        if (!user.HasClaim(CrmApiAuthentication.KeyKindClaim, ApiKeyKinds.Browser))
        {
            return context.Request.Headers.Origin.Count == 0
                ? null
                : new KeyUseRefusal("secret-key-in-browser", "A server key cannot be used from a web page",
                    $"This request came from a web page (Origin: {BrowserOrigins.Printable(sent)}) with a server key. A server key is a secret: " +
                    "anyone can read what a page sends. Revoke this key if it was ever put in a page, and create a browser key " +
                    "(public, send-only, limited to the origins it lists) for the page.");
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<BrowserEndpoint>() is null)
        {
            return new KeyUseRefusal("browser-key-not-allowed", "A browser key can only send events",
                "This key is a browser key: it can only send events, to the Segment routes (POST /v1/track, /v1/t, /v1/batch, …), " +
                "from the origins it lists. Reading contacts, privacy requests and /api/crm need a server key, kept on a server.");
        }
        if (sent.Length == 0)
        {
            return new KeyUseRefusal("origin-not-allowed", "Origin not allowed",
                "This request sent no Origin header: a browser key is used only by browsers, from the origins it lists. " +
                "A server sends events with a server key.");
        }
        // Only the spelling browsers send (canonical, ASCII) matches, as in BrowserCors.
        var origin = BrowserOrigins.Canonical(sent);
        return origin is not null && string.Equals(origin, sent, StringComparison.Ordinal) && user.HasClaim(CrmApiAuthentication.OriginClaim, origin)
            ? null
            : new KeyUseRefusal("origin-not-allowed", "Origin not allowed",
                $"This browser key may be used from {string.Join(", ", user.FindAll(CrmApiAuthentication.OriginClaim).Select(c => c.Value))}, " +
                $"not from {BrowserOrigins.Printable(sent)}. Add the origin to a browser key on the API keys page, or use that origin's key.");
    }
}

/// <summary>Why a key was refused (<see cref="ApiKeyUseRequirement"/>), kept for the 403 the key handler writes.</summary>
internal sealed record KeyUseRefusal(string Type, string Title, string Detail)
{
    private const string Item = "crm:key-use-refusal";

    public static KeyUseRefusal? Of(HttpContext context) => context.Items[Item] as KeyUseRefusal;

    public void KeepFor(HttpContext context) => context.Items[Item] = this;
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
                case ApiKeyUseRequirement when (context.Resource as HttpContext ?? http.HttpContext) is { } request:
                    if (ApiKeyUseRequirement.Refusal(context.User, request) is { } refusal)
                    {
                        refusal.KeepFor(request);
                        context.Fail(new AuthorizationFailureReason(this, refusal.Detail));
                    }
                    else
                    {
                        context.Succeed(requirement);
                    }
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

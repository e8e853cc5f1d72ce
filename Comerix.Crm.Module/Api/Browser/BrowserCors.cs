using Comerix.Crm.Api.Keys;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Comerix.Crm.Api.Browser;

/// <summary>
/// CORS for the browser routes (<see cref="BrowserEndpoint"/>), answered only for origins a live browser key of the
/// tenant lists (<see cref="BrowserOriginCache"/>). Every answer to such an origin carries
/// <c>Access-Control-Allow-Origin</c>, errors included (401, 403, 413, 429), so the SDK can read why; an unlisted
/// origin never gets it, and preflights from it are refused. No credentials: the key is the only credential, never
/// a cookie. Which key may be used from which origin is decided by authorization
/// (<see cref="Security.ApiKeyUseRequirement"/>), not here: CORS only says which pages may read the answers.
/// </summary>
internal static class BrowserCors
{
    public const string AllowedMethods = "GET, POST, OPTIONS";

    /// <summary>
    /// What analytics.js (Content-Type text/plain, Authorization, X-Retry-Count) and RudderStack's SDK (Content-Type
    /// application/json, Accept, Authorization, AnonymousId, SentAt on every event; the Rsa-* headers on retries and on
    /// events recovered from the page's storage) send, and Content-Encoding for a gzipped body. A header missing here
    /// makes Chromium drop the event before it leaves the page (RudderStack's SentAt did, for every event).
    /// </summary>
    public static readonly IReadOnlyList<string> AllowedHeaders =
    [
        "Authorization", "Content-Type", "Content-Encoding", "Accept", "AnonymousId", "X-Retry-Count", "SentAt",
        "Rsa-Recovered", "Rsa-Retry-Attempt", "Rsa-Retry-Reason", "Rsa-Since-First-Attempt", "Rsa-Since-Last-Attempt",
    ];

    /// <summary>How long a browser may reuse a preflight's answer. Kept short: a removed origin is refused within it.</summary>
    public const int MaxAgeSeconds = 600;

    /// <summary>The SDKs back off by Retry-After; a cross-origin page may read only the headers named here.</summary>
    private const string ExposedHeaders = "Retry-After";

    /// <summary>
    /// Adds the CORS headers when the request's origin is listed; always <c>Vary: Origin</c>, since the answer
    /// depends on it. Returns the origin when it is listed.
    /// </summary>
    public static async ValueTask<string?> ApplyAsync(HttpContext context)
    {
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        }
        var origin = await ListedOriginAsync(context);
        if (origin is not null && !response.HasStarted)
        {
            response.Headers.AccessControlAllowOrigin = origin;
            response.Headers.AccessControlExposeHeaders = ExposedHeaders;
        }
        return origin;
    }

    /// <summary>The endpoint filter of the browser routes: CORS headers before anything else answers.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        await ApplyAsync(context.HttpContext);
        return await next(context);
    }

    /// <summary>
    /// The answer to <c>OPTIONS</c> on a browser route: 204 with what may be sent for a listed origin; 403 naming
    /// the origin otherwise (or saying none was sent), so a misconfigured site sees why in its network panel.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> PreflightAsync(HttpContext context)
    {
        var sent = context.Request.Headers.Origin.ToString();
        var origin = await ApplyAsync(context);
        if (origin is null)
        {
            return sent.Length == 0
                ? ApiProblems.Create(StatusCodes.Status403Forbidden, "origin-not-allowed", "Origin not allowed",
                    "This OPTIONS request sent no Origin header: preflights are answered for the origins browser keys list, and only to browsers.")
                : ApiProblems.Create(StatusCodes.Status403Forbidden, "origin-not-allowed", "Origin not allowed",
                    $"No browser key of this site lists the origin {BrowserOrigins.Printable(sent)}; add it to a browser key on the API keys page (admin, Customers, API keys).");
        }
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = AllowedMethods;
        headers.AccessControlAllowHeaders = AllowedHeadersFor(context.Request.Headers.AccessControlRequestHeaders);
        headers.AccessControlMaxAge = MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    /// <summary>The requested headers that are allowed, as the browser spelled them; all the allowed ones when none were named.</summary>
    private static string AllowedHeadersFor(Microsoft.Extensions.Primitives.StringValues requested)
    {
        var names = requested.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(name => AllowedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return string.Join(", ", names.Count > 0 ? names : AllowedHeaders);
    }

    /// <summary>
    /// The Origin header as sent (browsers compare Access-Control-Allow-Origin with it exactly), when it is listed.
    /// Only an origin already in its canonical form counts: that is what browsers send (punycode host, lower case, no
    /// default port). Any other spelling (https://bücher.example, upper case) comes from a script, is simply not
    /// listed, and is never echoed: a non-ASCII header value would make Kestrel fail the whole answer.
    /// </summary>
    private static async ValueTask<string?> ListedOriginAsync(HttpContext context)
    {
        var sent = context.Request.Headers.Origin.ToString();
        if (!System.Text.Ascii.IsValid(sent) || BrowserOrigins.Canonical(sent) is not { } origin || !string.Equals(origin, sent, StringComparison.Ordinal))
        {
            return null;
        }
        var tenantId = context.RequestServices.GetRequiredService<ICrmTenantAccessor>().CurrentTenantId;
        var cache = context.RequestServices.GetRequiredService<BrowserOriginCache>();
        return await cache.IsListedAsync(tenantId, origin, context.RequestAborted) ? sent : null;
    }
}

using Comerix.Crm.Api.Keys;
using Comerix.Crm.Api.Security;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api.Browser;

/// <summary>
/// What the browser SDKs load before they send anything, answered by this site so they send here:
/// analytics.js (analytics-next) reads <c>{cdnURL}/v1/projects/{writeKey}/settings</c>, RudderStack's SDK reads
/// <c>{configUrl}/sourceConfig/?writeKey=…</c>. Answered only for a live browser key (anything else is 404, the
/// same for an unknown, revoked or server key, so the answer tells a guesser nothing; wrong keys count against the
/// address as on every other route). A valid key's request counts against the visitor (address and key), as its
/// events do (<see cref="BrowserEndpoint.Settings"/>). No destinations, no remote plugins: events go to this site only.
/// </summary>
internal static class BrowserSettingsEndpoints
{
    /// <summary>analytics.js's CDN settings: send to this site's /v1 (the short routes /v1/t, /v1/p, …).</summary>
    public static async Task<IResult> SegmentSettingsAsync(string writeKey, HttpContext context, ApiKeyService keys, FailedKeyLimiter failures,
        ICrmTenantAccessor tenant)
    {
        NotShared(context);
        var (key, problem) = await BrowserKeyAsync(writeKey, context, keys, failures, tenant);
        if (key is null)
        {
            return problem!;
        }
        var request = context.Request;
        var apiHost = $"{request.Host.Value}{request.PathBase}/v1";
        var segmentIo = new Dictionary<string, object>
        {
            ["apiKey"] = writeKey,
            ["apiHost"] = apiHost,
            ["protocol"] = request.Scheme,
        };
        return TypedResults.Json(new
        {
            integrations = new Dictionary<string, object> { ["Segment.io"] = segmentIo },
            plan = new { },
            enabledMiddleware = new { },
            middlewareSettings = new { },
            remotePlugins = Array.Empty<object>(),
            // analytics.js's own error metrics would go to /v1/m here; sampled at 0, none are sent.
            metrics = new { host = apiHost, sampleRate = 0 },
        });
    }

    /// <summary>RudderStack's source config: a source with no destinations, so the SDK sends its events to the data plane URL only.</summary>
    public static async Task<IResult> RudderStackSourceConfigAsync(HttpContext context, ApiKeyService keys, FailedKeyLimiter failures,
        ICrmTenantAccessor tenant)
    {
        var writeKey = context.Request.Query["writeKey"].ToString() is { Length: > 0 } fromQuery
            ? fromQuery
            : ApiKeyAuthenticationHandler.PresentedKey(context.Request) ?? "";
        NotShared(context);
        var (key, problem) = await BrowserKeyAsync(writeKey, context, keys, failures, tenant);
        if (key is null)
        {
            return problem!;
        }
        return TypedResults.Json(new
        {
            isHosted = false,
            source = new
            {
                id = key.Id,
                // Not the name an admin gave the key: the answer is public, the name is the site's own business.
                name = "Comerix CRM",
                writeKey,
                config = new { },
                enabled = true,
                workspaceId = key.Id,
                destinations = Array.Empty<object>(),
            },
        });
    }

    /// <summary>
    /// The settings are built from the request's Host (this site's address, for the SDK to send to), so no cache may
    /// keep one answer and serve it for another host or origin.
    /// </summary>
    private static void NotShared(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, "Host");
    }

    /// <summary>analytics.js's remote metrics (its own error counts): read within the usual bounds and dropped.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> MetricsAsync(HttpRequest request, CrmApiOptions options)
    {
        var (coding, encodingProblem) = RequestBodyReader.CodingOf(request);
        if (encodingProblem is not null)
        {
            return encodingProblem;
        }
        var (body, problem) = await RequestBodyReader.ReadAsync(request, coding, options);
        if (problem is not null)
        {
            return problem;
        }
        await body!.DisposeAsync();
        return TypedResults.NoContent();
    }

    private static async Task<(ApiKey? Key, ProblemHttpResult? Problem)> BrowserKeyAsync(string presented, HttpContext context, ApiKeyService keys,
        FailedKeyLimiter failures, ICrmTenantAccessor tenant)
    {
        // Looked up even when the address is over its wrong-key limit: a valid key is served (see FailedKeyLimiter).
        var limitedFor = failures.RetryAfter(context);
        var (key, _) = await keys.AuthenticateAsync(tenant.CurrentTenantId, presented, context.RequestAborted);
        if (key is { IsBrowserKey: true })
        {
            return context.RequestServices.GetRequiredService<ApiRateLimiter>().VisitorToken(context, key.Id) is { } tooMany
                ? (null, tooMany)
                : (key, null);
        }
        failures.Failed(context);
        if (limitedFor is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (null, ApiProblems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many wrong API keys",
                $"Too many requests from this address carried a wrong API key; retry after {seconds} s with a valid key."));
        }
        return (null, ApiProblems.NotFound(
            "No live browser key of this site has this write key. Create a browser key on the API keys page (admin, Customers, API keys) " +
            "and put it in the page; a server key is a secret and is never served to browsers."));
    }
}

using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Comerix.Crm.Api.Browser;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Comerix.Crm.Api.Security;

/// <summary>
/// Authenticates API keys of the current tenant. A key is looked up only among this tenant's keys, so another
/// tenant's key is simply not valid here. Challenges and forbids answer with problem+json that says what to send.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    // Lowered: the base class logs every wrong key at Information (twice).
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, new DebugLevelLoggerFactory(logger), encoder)
{
    private const string FailureItem = "crm:api-key-failure";
    private const string RetryAfterItem = "crm:api-key-retry-after";
    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var failures = Context.RequestServices.GetRequiredService<FailedKeyLimiter>();
        var presented = PresentedKey(Request);
        var keyFromBody = false;
        if (presented is null && TakesWriteKeyInBody())
        {
            // Before a byte of the body is read: a body is read, inflated and parsed only for an address within its
            // limit, like every other request that carries no key in a header.
            if (Context.RequestServices.GetRequiredService<ApiRateLimiter>().AnonymousRetryAfter(Context) is { } wait)
            {
                Context.Items[RetryAfterItem] = new Limited(wait, "Too many requests",
                    "This address sent more requests without an API key in a header than its limit allows");
                return AuthenticateResult.Fail("too many requests without a key from this address");
            }
            presented = await WriteKeyInBodyAsync();
            if (presented is null)
            {
                // No usable key: counted as a wrong one (it drains the address's allowance of wrong keys), and 401.
                failures.Failed(Context);
                Context.RequestServices.GetRequiredService<FailedKeyLog>().Failed(Context, null, "The body of a browser request carries no usable writeKey.");
                return AuthenticateResult.NoResult();
            }
            keyFromBody = true;
        }
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }
        // An address over its wrong-key limit still has its keys checked, and a valid one is served (see FailedKeyLimiter).
        var limitedFor = failures.RetryAfter(Context);
        var tenantId = Context.RequestServices.GetRequiredService<ICrmTenantAccessor>().CurrentTenantId;
        var keys = Context.RequestServices.GetRequiredService<ApiKeyService>();
        var (key, failure) = await keys.AuthenticateAsync(tenantId, presented, Context.RequestAborted);
        if (key is null)
        {
            failures.Failed(Context);
            Context.RequestServices.GetRequiredService<FailedKeyLog>().Failed(Context, presented, failure!);
            if (limitedFor is { } wait)
            {
                return TooManyWrongKeys(wait);
            }
            Context.Items[FailureItem] = failure;
            return AuthenticateResult.Fail(failure!);
        }
        if (keyFromBody)
        {
            // A key after all: the request is counted where keyed ones are (per visitor and key), not as one without.
            Context.RequestServices.GetRequiredService<ApiRateLimiter>().GiveBackAnonymous(Context);
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id),
            // What the audit log, notes and marks say did it: the name an admin gave the key, and its id to tell
            // two keys of one name apart.
            new(ClaimTypes.Name, $"API key \u201C{key.Name}\u201D ({key.Id})"),
            new(CrmApiAuthentication.KeyIdClaim, key.Id),
            new(CrmApiAuthentication.KeyKindClaim, key.Kind),
        };
        claims.AddRange(key.ScopeList.Select(s => new Claim(CrmApiAuthentication.ScopeClaim, s)));
        claims.AddRange(key.OriginList.Select(o => new Claim(CrmApiAuthentication.OriginClaim, o)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CrmApiAuthentication.ApiKeyScheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, CrmApiAuthentication.ApiKeyScheme));
    }

    private AuthenticateResult TooManyWrongKeys(TimeSpan wait)
    {
        Context.Items[RetryAfterItem] = new Limited(wait, "Too many wrong API keys",
            "Too many requests from this address carried a wrong API key");
        return AuthenticateResult.Fail("too many wrong API keys from this address");
    }

    /// <summary>Why a request is answered 429, and for how long.</summary>
    private sealed record Limited(TimeSpan Wait, string Title, string What);

    private bool TakesWriteKeyInBody() =>
        HttpMethods.IsPost(Request.Method) && Request.Headers.Authorization.Count == 0
        && Context.GetEndpoint()?.Metadata.GetMetadata<BrowserEndpoint>() is { TakesWriteKeyInBody: true };

    /// <summary>
    /// analytics.js puts its write key in the body (<c>"writeKey"</c>) as well as in Basic auth, and a page may send it
    /// only there: on an ingestion route of the browser routes, a POST without Authorization is authenticated by the
    /// body's <c>writeKey</c>. The body is read once, within the usual bounds, and kept for the endpoint; a body that
    /// cannot be read is answered with its own problem (see <see cref="HandleChallengeAsync"/>), not a 401.
    /// The guard is the per-address token taken before this (see <see cref="HandleAuthenticateAsync"/>), not the
    /// Origin: a script can send any Origin, or none (as server libraries do, which may send the key in the body too,
    /// as Segment's HTTP API allows), so skipping the bodies of unlisted origins would stop no one, and would answer
    /// a page whose origin is missing from its key, or whose key was revoked, a bare 401 instead of saying why.
    /// </summary>
    private async Task<string?> WriteKeyInBodyAsync()
    {
        var options = Context.RequestServices.GetRequiredService<CrmApiOptions>();
        var (document, _) = await JsonRequestBody.ReadAndKeepAsync(Request, options, formLabelledJson: true);
        return document is { RootElement: { ValueKind: JsonValueKind.Object } root }
            && root.TryGetProperty("writeKey", out var writeKey) && writeKey.ValueKind == JsonValueKind.String
                ? writeKey.GetString()
                : null;
    }

    /// <summary>The key from <c>Bearer &lt;key&gt;</c> or from Basic's user name (the password is ignored, as Segment does).</summary>
    internal static string? PresentedKey(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return null;
        }
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter.Trim();
        }
        if (header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':');
                return colon < 0 ? decoded : decoded[..colon];
            }
            catch (FormatException)
            {
                return "";
            }
        }
        return null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await ApplyBrowserCorsAsync();
        if (JsonRequestBody.KeptProblem(Context) is { } bodyProblem)
        {
            // The body was read for its writeKey and could not be: what is wrong with it is the answer.
            await bodyProblem.ExecuteAsync(Context);
            return;
        }
        if (Context.Items[RetryAfterItem] is Limited limited)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(limited.Wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteProblemAsync(StatusCodes.Status429TooManyRequests, "rate-limited", limited.Title,
                $"{limited.What}; retry after {seconds} s with a valid key.");
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"Comerix CRM\"";
        var detail = Context.Items[FailureItem] as string
            ?? "Send an API key: \"Authorization: Bearer cxk_…\", or HTTP Basic with the key as the user name (Segment's write key).";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "api-key-required", "An API key is required", detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await ApplyBrowserCorsAsync();
        if (KeyUseRefusal.Of(Context) is { } refusal)
        {
            await WriteProblemAsync(StatusCodes.Status403Forbidden, refusal.Type, refusal.Title, refusal.Detail);
            return;
        }
        await WriteProblemAsync(StatusCodes.Status403Forbidden, "scope-missing", "Not allowed",
            Context.User.HasClaim(c => c.Type == CrmApiAuthentication.KeyIdClaim)
                ? "This API key lacks the scope this endpoint needs: ingest to send events, read to read contacts, privacy to erase or export a person."
                : "Your account lacks the permission this endpoint needs: comerix.crm.view to read a contact, and " +
                  "comerix.crm.export too to list contacts (paged through, the list is a bulk copy, like the CSV export), " +
                  "comerix.crm.pii.export too to download one person's data.");
    }

    /// <summary>On the browser routes, a listed origin may read why it was refused (see <see cref="BrowserCors"/>).</summary>
    private async Task ApplyBrowserCorsAsync()
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<BrowserEndpoint>() is not null)
        {
            await BrowserCors.ApplyAsync(Context);
        }
    }

    private Task WriteProblemAsync(int status, string type, string title, string detail)
    {
        Response.StatusCode = status;
        Response.ContentType = "application/problem+json";
        return Response.WriteAsync(JsonSerializer.Serialize(new
        {
            type = ApiProblems.TypeBase + type,
            title,
            status,
            detail,
        }, ProblemJson), Context.RequestAborted);
    }
}

using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
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
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }
        var failures = Context.RequestServices.GetRequiredService<FailedKeyLimiter>();
        if (failures.RetryAfter(Context) is { } wait)
        {
            // Too many wrong keys from this address: not even looked up until it may try again.
            Context.Items[RetryAfterItem] = wait;
            return AuthenticateResult.Fail("too many wrong API keys from this address");
        }
        var tenantId = Context.RequestServices.GetRequiredService<ICrmTenantAccessor>().CurrentTenantId;
        var keys = Context.RequestServices.GetRequiredService<ApiKeyService>();
        var (key, failure) = await keys.AuthenticateAsync(tenantId, presented, Context.RequestAborted);
        if (key is null)
        {
            failures.Failed(Context);
            Context.Items[FailureItem] = failure;
            return AuthenticateResult.Fail(failure!);
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id),
            // What the audit log, notes and marks say did it: the name an admin gave the key, and its id to tell
            // two keys of one name apart.
            new(ClaimTypes.Name, $"API key \u201C{key.Name}\u201D ({key.Id})"),
            new(CrmApiAuthentication.KeyIdClaim, key.Id),
        };
        claims.AddRange(key.ScopeList.Select(s => new Claim(CrmApiAuthentication.ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CrmApiAuthentication.ApiKeyScheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, CrmApiAuthentication.ApiKeyScheme));
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

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterItem] is TimeSpan wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteProblemAsync(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many wrong API keys",
                $"Too many requests from this address carried a wrong API key; retry after {seconds} s with a valid key.");
        }
        Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"Comerix CRM\"";
        var detail = Context.Items[FailureItem] as string
            ?? "Send an API key: \"Authorization: Bearer cxk_…\", or HTTP Basic with the key as the user name (Segment's write key).";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "api-key-required", "An API key is required", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "scope-missing", "Not allowed",
            Context.User.HasClaim(c => c.Type == CrmApiAuthentication.KeyIdClaim)
                ? "This API key lacks the scope this endpoint needs: ingest to send events, read to read contacts, privacy to erase or export a person."
                : "Your account lacks the permission this endpoint needs: comerix.crm.view to read a contact, and " +
                  "comerix.crm.export too to list contacts (paged through, the list is a bulk copy, like the CSV export), " +
                  "comerix.crm.pii.export too to download one person's data.");

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

using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Api;

/// <summary>
/// A token bucket per API key (per user for signed-in reads), applied as an endpoint filter on every API
/// endpoint, so no host can forget to add the middleware. Over the limit: 429 with <c>Retry-After</c>.
/// A browser key is public, so one visitor (or a bot that copied it) must not use up the whole site's allowance:
/// its requests take a token from a bucket per key and client address as well, and requests with no key (the
/// browser SDKs' settings, their metrics) from a bucket per client address. (Behind a proxy, the host's
/// forwarded-headers setup decides what the client's address is.)
/// One instance (a singleton) holds the buckets; <see cref="Filter"/> is what the endpoints run.
/// </summary>
internal sealed class ApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly PartitionedRateLimiter<string> _perAddress;

    public ApiRateLimiter(CrmApiOptions options)
    {
        _limiter = Buckets(options.RateLimitPerSecond, options.RateLimitBurst);
        _perAddress = Buckets(options.BrowserRateLimitPerAddressPerSecond, options.BrowserRateLimitPerAddressBurst);
    }

    /// <summary>Token buckets by partition; idle ones are dropped by the limiter itself.</summary>
    private static PartitionedRateLimiter<string> Buckets(int perSecondSetting, int burst)
    {
        // Replenish ten times a second (so a client never waits a whole second for one token), or once per token
        // when the limit is below ten a second.
        var perSecond = Math.Max(1, perSecondSetting);
        var (perTick, tick) = perSecond >= 10
            ? (perSecond / 10, TimeSpan.FromMilliseconds(100))
            : (1, TimeSpan.FromSeconds(1.0 / perSecond));
        return PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, burst),
                TokensPerPeriod = perTick,
                ReplenishmentPeriod = tick,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>The endpoint filter. (A filter type given to AddEndpointFilter may be built per request, which would reset the buckets.)</summary>
    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<ApiRateLimiter>().InvokeAsync(context, next);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = http.User;
        var keyId = user.FindFirstValue(CrmApiAuthentication.KeyIdClaim);
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // The address first, so a visitor over its own limit does not use up the key's.
        if (keyId is null && user.Identity?.IsAuthenticated != true)
        {
            using var anonymous = _perAddress.AttemptAcquire($"address:{address}");
            return anonymous.IsAcquired ? await next(context)
                : TooMany(http, anonymous, "This address sent more requests than its limit allows");
        }
        if (keyId is not null && user.HasClaim(CrmApiAuthentication.KeyKindClaim, ApiKeyKinds.Browser))
        {
            using var visitor = _perAddress.AttemptAcquire($"key:{keyId}|{address}");
            if (!visitor.IsAcquired)
            {
                return TooMany(http, visitor, "This address sent more requests with this browser key than one visitor may");
            }
            return await WithKeyBucketAsync(context, next, keyId);
        }
        return await WithKeyBucketAsync(context, next, keyId);
    }

    private async ValueTask<object?> WithKeyBucketAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string? keyId)
    {
        using var lease = _limiter.AttemptAcquire(keyId is not null ? $"key:{keyId}" : $"user:{context.HttpContext.User.Identity?.Name}");
        return lease.IsAcquired ? await next(context)
            : TooMany(context.HttpContext, lease, "This key sent more requests than its limit allows");
    }

    private static IResult TooMany(HttpContext http, RateLimitLease lease, string what)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            $"{what}; retry after {seconds} s. A batch counts as one request.");
    }

    public void Dispose()
    {
        _limiter.Dispose();
        _perAddress.Dispose();
    }
}

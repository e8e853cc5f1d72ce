using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Comerix.Crm.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Api;

/// <summary>
/// A token bucket per API key (per user for signed-in reads), applied as an endpoint filter on every API
/// endpoint, so no host can forget to add the middleware. Over the limit: 429 with <c>Retry-After</c>.
/// One instance (a singleton) holds the buckets; <see cref="Filter"/> is what the endpoints run.
/// </summary>
internal sealed class ApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ApiRateLimiter(CrmApiOptions options)
    {
        // Replenish ten times a second (so a client never waits a whole second for one token), or once per token
        // when the limit is below ten a second.
        var perSecond = Math.Max(1, options.RateLimitPerSecond);
        var (perTick, tick) = perSecond >= 10
            ? (perSecond / 10, TimeSpan.FromMilliseconds(100))
            : (1, TimeSpan.FromSeconds(1.0 / perSecond));
        _limiter = PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, options.RateLimitBurst),
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
        using var lease = _limiter.AttemptAcquire(Partition(context.HttpContext.User));
        if (lease.IsAcquired)
        {
            return await next(context);
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            $"This key sent more requests than its limit allows; retry after {seconds} s. A batch counts as one request.");
    }

    private static string Partition(ClaimsPrincipal user) =>
        user.FindFirstValue(CrmApiAuthentication.KeyIdClaim) is { } keyId ? $"key:{keyId}" : $"user:{user.Identity?.Name}";

    public void Dispose() => _limiter.Dispose();
}

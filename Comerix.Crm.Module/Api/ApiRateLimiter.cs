using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Comerix.Crm.Api.Browser;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Api.Security;
using Comerix.Crm.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api;

/// <summary>
/// A token bucket per API key (per user for signed-in reads), applied as an endpoint filter on every API
/// endpoint, so no host can forget to add the middleware. Over the limit: 429 with <c>Retry-After</c>.
/// A browser key is public, so one visitor (or a bot that copied it) must not use up the whole site's allowance:
/// its requests (and its SDK settings, <see cref="BrowserEndpoint.Settings"/>) take a token from a bucket per key
/// and client address as well, and requests with no key (analytics.js's metrics, and bodies about to be read for
/// their <c>writeKey</c>) from a bucket per client address (<see cref="ClientAddress"/>: IPv6 per /64). With a browser key, every event of a batch costs a token,
/// from both buckets (<see cref="ChargeBatch"/>): a batch is not a way around the limit. (Behind a proxy, the host's
/// forwarded-headers setup decides what the client's address is.)
/// One instance (a singleton) holds the buckets; <see cref="Filter"/> is what the endpoints run.
/// Several site processes on one database share each limit: every request costs as many tokens as there are live
/// processes (<see cref="LiveSiteProcesses.Share"/>), so each process lets through its share of the limit, and the
/// site as a whole the limit, when the load balancer spreads a client's requests evenly (docs/scaling.md).
/// </summary>
internal sealed class ApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _keyBurst;
    private readonly TokenBuckets _perAddress;
    private readonly int _perAddressBurst;
    private readonly LiveSiteProcesses _processes;

    public ApiRateLimiter(CrmApiOptions options, TimeProvider time, LiveSiteProcesses processes)
    {
        _processes = processes;
        _limiter = Buckets(options.RateLimitPerSecond, options.RateLimitBurst);
        _keyBurst = Math.Max(1, options.RateLimitBurst);
        _perAddressBurst = Math.Max(1, options.BrowserRateLimitPerAddressBurst);
        _perAddress = new TokenBuckets(Math.Max(1, options.BrowserRateLimitPerAddressPerSecond), _perAddressBurst, time);
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
        if (http.GetEndpoint()?.Metadata.GetMetadata<BrowserEndpoint>() is { LimitedOnceKeyIsKnown: true })
        {
            return await next(context);
        }
        // The address first, so a visitor over its own limit does not use up the key's.
        if (keyId is null && user.Identity?.IsAuthenticated != true)
        {
            return AnonymousRetryAfter(http) is { } wait
                ? TooMany(http, wait, "This address sent more requests without an API key than its limit allows")
                : await next(context);
        }
        if (keyId is not null && IsBrowserKey(user) && TakeOneFromAddress(VisitorPartition(http, keyId)) is { } visitorWait)
        {
            return TooMany(http, visitorWait, "This address sent more requests with this browser key than one visitor may");
        }
        return await WithKeyBucketAsync(context, next, keyId);
    }

    /// <summary>
    /// Takes the token of a request with no key in a header from its address's bucket; null when it got one, else how
    /// long to wait. Authentication asks before it reads a body for its <c>writeKey</c>, so a body is never read,
    /// inflated and parsed for an address over its limit.
    /// </summary>
    public TimeSpan? AnonymousRetryAfter(HttpContext http) => TakeOneFromAddress(AnonymousPartition(http));

    private TimeSpan? TakeOneFromAddress(string partition)
    {
        var share = _processes.Share(1, _perAddressBurst);
        return _perAddress.TryTake(partition, share, share);
    }

    /// <summary>The token of a settings request (<see cref="BrowserEndpoint.Settings"/>) with a valid browser key; null when taken, else the 429.</summary>
    public ProblemHttpResult? VisitorToken(HttpContext http, string keyId) =>
        TakeOneFromAddress(VisitorPartition(http, keyId)) is { } wait
            ? TooMany(http, wait, "This address sent more requests with this browser key than one visitor may")
            : null;

    /// <summary>The body held a valid key: its request is counted per visitor and key instead (<see cref="InvokeAsync"/>).</summary>
    public void GiveBackAnonymous(HttpContext http) => _perAddress.GiveBack(AnonymousPartition(http), _processes.Share(1, _perAddressBurst));

    private static string AnonymousPartition(HttpContext http) => $"address:{ClientAddress.PartitionOf(http)}";

    /// <summary>
    /// A browser key's batch of <paramref name="events"/> events costs one token per event: the request paid one on
    /// the way in, this pays the rest, from the visitor's bucket and then the key's. Null when paid, else the 429.
    /// </summary>
    public ProblemHttpResult? ChargeBatch(HttpContext http, int events)
    {
        var keyId = http.User.FindFirstValue(CrmApiAuthentication.KeyIdClaim);
        if (keyId is null || !IsBrowserKey(http.User) || events <= 1)
        {
            return null;
        }
        var rest = events - 1;
        var paid = _processes.Share(1, _perAddressBurst);
        var cost = (double)rest * _processes.Count;
        // What the request already paid is not in the bucket any more: a full bucket is enough for any batch.
        if (_perAddress.TryTake(VisitorPartition(http, keyId), cost, Math.Min(cost, _perAddressBurst - paid)) is { } wait)
        {
            return TooMany(http, wait, $"This batch of {events} events costs {events} requests, more than this address may still send with this browser key");
        }
        using var lease = _limiter.AttemptAcquire($"key:{keyId}", _processes.Share(rest, _keyBurst));
        return lease.IsAcquired ? null
            : TooMany(http, RetryAfterOf(lease), $"This batch of {events} events costs {events} requests, more than this key may still send");
    }

    private static bool IsBrowserKey(ClaimsPrincipal user) => user.HasClaim(CrmApiAuthentication.KeyKindClaim, ApiKeyKinds.Browser);

    private static string VisitorPartition(HttpContext http, string keyId) => $"key:{keyId}|{ClientAddress.PartitionOf(http)}";

    private async ValueTask<object?> WithKeyBucketAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string? keyId)
    {
        using var lease = _limiter.AttemptAcquire(keyId is not null ? $"key:{keyId}" : $"user:{context.HttpContext.User.Identity?.Name}",
            _processes.Share(1, _keyBurst));
        return lease.IsAcquired ? await next(context)
            : TooMany(context.HttpContext, RetryAfterOf(lease), "This key sent more requests than its limit allows");
    }

    private static TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);

    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan retryAfter, string what)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            $"{what}; retry after {seconds} s. With a browser key, each event of a batch counts as a request.");
    }

    public void Dispose()
    {
        _limiter.Dispose();
    }
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Api.Security;

/// <summary>
/// Wrong API keys, counted per client address: a token bucket that only failures drain. Once it is empty, every key
/// the address presents is refused with 429 and <c>Retry-After</c> without being looked up, so a flood of guesses
/// costs neither the database nor the log, and guessing gets no faster than the bucket refills. (Behind a proxy,
/// the host's forwarded-headers middleware decides what the client's address is.)
/// </summary>
internal sealed class FailedKeyLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedKeyLimiter(CrmApiOptions options)
    {
        var perMinute = Math.Max(1, options.FailedKeyAttemptsPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, options.FailedKeyBurst),
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / perMinute),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>How long the request's address must wait before its keys are looked at again; null when it need not.</summary>
    public TimeSpan? RetryAfter(HttpContext context)
    {
        // Zero permits asks "is there one left?" without taking it.
        using var lease = _limiter.AttemptAcquire(Address(context), 0);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>Counts one wrong key against the request's address.</summary>
    public void Failed(HttpContext context)
    {
        using var _ = _limiter.AttemptAcquire(Address(context), 1);
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _limiter.Dispose();
}

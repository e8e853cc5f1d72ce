using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Api.Security;

/// <summary>
/// Wrong API keys, counted per client address: a token bucket that only failures drain. Once it is empty, every key
/// the address presents is refused with 429 and <c>Retry-After</c> without being looked up, so a flood of guesses
/// costs neither the database nor the log, and guessing gets no faster than the bucket refills. (Behind a proxy,
/// the host's forwarded-headers middleware decides what the client's address is.) Refilled from the clock when
/// asked, not by a timer, so an address's allowance is exact.
/// </summary>
internal sealed class FailedKeyLimiter(CrmApiOptions options, TimeProvider time)
{
    private const int MaxAddresses = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private readonly double _burst = Math.Max(1, options.FailedKeyBurst);
    private readonly TimeSpan _refill = TimeSpan.FromMinutes(1.0 / Math.Max(1, options.FailedKeyAttemptsPerMinute));

    /// <summary>How long the request's address must wait before its keys are looked at again; null when it need not.</summary>
    public TimeSpan? RetryAfter(HttpContext context)
    {
        if (!_buckets.TryGetValue(Address(context), out var bucket))
        {
            return null;
        }
        lock (bucket)
        {
            var tokens = Refilled(bucket);
            return tokens >= 1 ? null : _refill * (1 - tokens);
        }
    }

    /// <summary>Counts one wrong key against the request's address.</summary>
    public void Failed(HttpContext context)
    {
        if (_buckets.Count >= MaxAddresses)
        {
            // Bounded memory: full buckets of addresses that stopped failing are what is dropped.
            foreach (var (address, old) in _buckets)
            {
                lock (old)
                {
                    if (Refilled(old) >= _burst)
                    {
                        _buckets.TryRemove(address, out _);
                    }
                }
            }
        }
        var bucket = _buckets.GetOrAdd(Address(context), _ => new Bucket { Tokens = _burst, At = time.GetUtcNow() });
        lock (bucket)
        {
            bucket.Tokens = Math.Max(0, Refilled(bucket) - 1);
            bucket.At = time.GetUtcNow();
        }
    }

    private double Refilled(Bucket bucket) =>
        Math.Min(_burst, bucket.Tokens + (time.GetUtcNow() - bucket.At) / _refill);

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset At;
    }
}

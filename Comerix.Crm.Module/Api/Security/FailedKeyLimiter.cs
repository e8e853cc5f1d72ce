using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Api.Security;

/// <summary>
/// Wrong API keys (and requests to the ingestion routes that carry no usable key at all), counted per client address
/// (<see cref="ClientAddress"/>: IPv6 per /64): a token bucket that only failures drain. Once it is empty, a wrong
/// key from the address is answered 429 with <c>Retry-After</c> instead of 401, but a valid key from it is still
/// served: any web page can make its visitors' browsers send wrong keys, and behind a proxy missing from the
/// forwarded-headers setup every client shares one address, so refusing every key would let anyone lock everyone
/// out. Checking a key while limited stays cheap (a malformed one never reaches the database; a well-formed one is
/// one lookup by primary key and a hash), and the limit is not what stops guessing: a key's secret is 32 random
/// base-32 characters, 160 bits, so no rate of guesses finds one. Refilled from the clock when asked, not by a
/// timer, so an address's allowance is exact.
/// </summary>
/// <remarks>Several site processes on one database share the allowance: each wrong key costs as many tokens as there are live processes.</remarks>
internal sealed class FailedKeyLimiter(CrmApiOptions options, TimeProvider time, Hosting.LiveSiteProcesses processes)
{
    private const int MaxAddresses = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private readonly double _burst = Math.Max(1, options.FailedKeyBurst);
    private readonly TimeSpan _refill = TimeSpan.FromMinutes(1.0 / Math.Max(1, options.FailedKeyAttemptsPerMinute));

    /// <summary>How long the request's address must wait before a wrong key of it is answered 401 again; null when it need not.</summary>
    public TimeSpan? RetryAfter(HttpContext context)
    {
        if (!_buckets.TryGetValue(Address(context), out var bucket))
        {
            return null;
        }
        lock (bucket)
        {
            var tokens = Refilled(bucket);
            var cost = Cost;
            return tokens >= cost ? null : _refill * (cost - tokens);
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
            bucket.Tokens = Math.Max(0, Refilled(bucket) - Cost);
            bucket.At = time.GetUtcNow();
        }
    }

    private double Cost => Math.Min(_burst, processes.Count);

    private double Refilled(Bucket bucket) =>
        Math.Min(_burst, bucket.Tokens + (time.GetUtcNow() - bucket.At) / _refill);

    private static string Address(HttpContext context) => ClientAddress.PartitionOf(context);

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset At;
    }
}

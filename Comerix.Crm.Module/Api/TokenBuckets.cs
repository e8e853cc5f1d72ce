using System.Collections.Concurrent;

namespace Comerix.Crm.Api;

/// <summary>
/// Token buckets by partition that a cost larger than what is left may overdraw: a request is let through when the
/// bucket holds what it needs (at most the burst), and then pays its whole cost, going into debt that the refill
/// pays back before the partition is let through again. So a batch of 100 events costs 100 tokens even where the
/// burst is 30, and over time a partition never sends more than its rate. Refilled from the clock when asked, not
/// by a timer; memory is bounded by dropping full buckets (partitions that went quiet).
/// </summary>
internal sealed class TokenBuckets(double perSecond, int burst, TimeProvider time)
{
    private const int MaxPartitions = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _perSecond = Math.Max(0.001, perSecond);
    private readonly double _burst = Math.Max(1, burst);
    // Counted here rather than by _buckets.Count, which takes every lock of the dictionary: this runs on every request.
    private int _partitions;
    private long _lastSweepTicks;

    /// <summary>
    /// Takes <paramref name="cost"/> tokens when the bucket holds at least <paramref name="needed"/> (capped at the
    /// burst, at least one); otherwise takes nothing and says how long until it will.
    /// </summary>
    public TimeSpan? TryTake(string partition, double cost, double needed)
    {
        DropQuietPartitionsWhenFull();
        if (!_buckets.TryGetValue(partition, out var bucket))
        {
            var added = new Bucket { Tokens = _burst, At = time.GetUtcNow() };
            bucket = _buckets.GetOrAdd(partition, added);
            if (ReferenceEquals(bucket, added))
            {
                Interlocked.Increment(ref _partitions);
            }
        }
        var must = Math.Clamp(needed, 1, _burst);
        lock (bucket)
        {
            var now = time.GetUtcNow();
            var tokens = Refilled(bucket, now);
            bucket.Tokens = tokens;
            bucket.At = now;
            if (tokens < must)
            {
                return TimeSpan.FromSeconds((must - tokens) / _perSecond);
            }
            bucket.Tokens = tokens - cost;
            return null;
        }
    }

    /// <summary>Returns tokens taken for a request that turned out to be counted elsewhere.</summary>
    public void GiveBack(string partition, double tokens)
    {
        if (_buckets.TryGetValue(partition, out var bucket))
        {
            lock (bucket)
            {
                bucket.Tokens = Math.Min(_burst, bucket.Tokens + tokens);
            }
        }
    }

    /// <summary>One token, when one is there.</summary>
    public TimeSpan? TryTakeOne(string partition) => TryTake(partition, 1, 1);

    private void DropQuietPartitionsWhenFull()
    {
        var now = time.GetUtcNow();
        // At most one sweep a second: with every partition busy, a sweep frees nothing and must not run per request.
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (Volatile.Read(ref _partitions) < MaxPartitions || now.UtcTicks - last < TimeSpan.TicksPerSecond
            || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }
        foreach (var (partition, old) in _buckets)
        {
            lock (old)
            {
                if (Refilled(old, now) >= _burst && _buckets.TryRemove(partition, out _))
                {
                    Interlocked.Decrement(ref _partitions);
                }
            }
        }
    }

    private double Refilled(Bucket bucket, DateTimeOffset now) =>
        Math.Min(_burst, bucket.Tokens + (now - bucket.At).TotalSeconds * _perSecond);

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset At;
    }
}

using System.Collections.Concurrent;
using Comerix.Crm.Api.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Api.Security;

/// <summary>
/// Wrong API keys in the log, at most one line per client address (<see cref="ClientAddress"/>) a minute, counting the
/// ones in between: a flood of bad keys (any web page can make its visitors send them) must not fill the log, yet an
/// operator sees who sends them and how many. The line names the key's id, never its secret.
/// </summary>
internal sealed class FailedKeyLog(ILogger<FailedKeyLog> logger, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    internal const int MaxAddresses = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _addresses = new();
    private readonly Lock _sweep = new();
    // Counted here: ConcurrentDictionary.Count takes every lock, on every wrong key of a flood.
    private int _count;
    private DateTimeOffset _sweptAt = DateTimeOffset.MinValue;

    public void Failed(HttpContext context, string? presentedKey, string reason)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }
        var now = time.GetUtcNow();
        var partition = ClientAddress.PartitionOf(context);
        if (EntryFor(partition, now) is not { } entry)
        {
            return;
        }
        int unlogged;
        lock (entry)
        {
            if (now - entry.LoggedAt < Interval)
            {
                entry.Unlogged++;
                return;
            }
            unlogged = entry.Unlogged;
            entry.Unlogged = 0;
            entry.LoggedAt = now;
        }
        ApiKeyLog.WrongKey(logger, partition, KeyId(presentedKey), reason, unlogged);
    }

    /// <summary>
    /// The address's entry; null when <see cref="MaxAddresses"/> addresses were all logged within the minute: wrong keys
    /// from more addresses than that are a flood that is not logged line by line (the ones already tracked still are).
    /// </summary>
    private Entry? EntryFor(string partition, DateTimeOffset now)
    {
        if (_addresses.TryGetValue(partition, out var entry))
        {
            return entry;
        }
        if (Volatile.Read(ref _count) >= MaxAddresses && !Swept(now))
        {
            return null;
        }
        entry = new Entry { LoggedAt = DateTimeOffset.MinValue };
        if (_addresses.TryAdd(partition, entry))
        {
            Interlocked.Increment(ref _count);
            return entry;
        }
        return _addresses.TryGetValue(partition, out var added) ? added : null;
    }

    /// <summary>Drops the addresses whose minute is over (they start afresh anyway), at most once a second; true when there is room.</summary>
    private bool Swept(DateTimeOffset now)
    {
        lock (_sweep)
        {
            if (now - _sweptAt >= TimeSpan.FromSeconds(1))
            {
                _sweptAt = now;
                foreach (var (address, old) in _addresses)
                {
                    bool over;
                    lock (old)
                    {
                        over = now - old.LoggedAt >= Interval;
                    }
                    if (over && _addresses.TryRemove(address, out _))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }
        }
        return Volatile.Read(ref _count) < MaxAddresses;
    }

    /// <summary>The id of a key of ours (<c>cxk_{id}</c>); anything else is described, not repeated.</summary>
    private static string KeyId(string? presented) =>
        ApiKeySecret.TryParse(presented, out var id, out _) ? ApiKeySecret.Prefix + id
        : string.IsNullOrEmpty(presented) ? "no key"
        : "not a Comerix API key";

    private sealed class Entry
    {
        public DateTimeOffset LoggedAt;
        public int Unlogged;
    }
}

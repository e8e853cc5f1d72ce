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
    private const int MaxAddresses = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _addresses = new();

    public void Failed(HttpContext context, string? presentedKey, string reason)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }
        var now = time.GetUtcNow();
        if (_addresses.Count >= MaxAddresses)
        {
            // Bounded memory: addresses whose minute is over start afresh anyway.
            foreach (var (address, old) in _addresses)
            {
                if (now - old.LoggedAt >= Interval)
                {
                    _addresses.TryRemove(address, out _);
                }
            }
        }
        var partition = ClientAddress.PartitionOf(context);
        var entry = _addresses.GetOrAdd(partition, _ => new Entry { LoggedAt = DateTimeOffset.MinValue });
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

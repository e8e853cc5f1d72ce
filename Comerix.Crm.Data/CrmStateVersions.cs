using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data;

/// <summary>
/// The versions of cached state (<see cref="StateVersion"/>), as the database had them at most
/// <paramref name="checkInterval"/> ago (<c>Crm:StateCheckInterval</c>): one query per interval for the whole process, which reads only
/// the rows changed since the last. A cache remembers the version it loaded at (asked before loading, so a change
/// made meanwhile only causes one more reload) and reloads when the version differs.
/// </summary>
public sealed class CrmStateVersions(CrmDatabase database, TimeSpan checkInterval, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);

    /// <summary>The container disposes the singleton when the host stops.</summary>
    public void Dispose() => _refresh.Dispose();
    private Snapshot _snapshot = new(null, 0, ImmutableDictionary<(string, string), long>.Empty);

    private sealed record Snapshot(long? CheckedAt, long Seen, ImmutableDictionary<(string Tenant, string State), long> Versions);

    /// <param name="tenantId">The tenant, or "" for state the whole site shares.</param>
    /// <returns>0 while the state never changed.</returns>
    public async ValueTask<long> CurrentAsync(string tenantId, string state, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (IsStale(snapshot))
        {
            snapshot = await RefreshAsync(cancellationToken);
        }
        return snapshot.Versions.GetValueOrDefault((tenantId, state));
    }

    private bool IsStale(Snapshot snapshot) =>
        snapshot.CheckedAt is not { } at || time.GetElapsedTime(at) >= checkInterval;

    private async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var snapshot = _snapshot;
            if (!IsStale(snapshot))
            {
                return snapshot;
            }
            var checkedAt = time.GetTimestamp();
            await using var db = database.CreateDbContext();
            var seen = snapshot.Seen;
            var changed = await db.StateVersions.AsNoTracking().Where(v => v.Version > seen).ToListAsync(cancellationToken);
            snapshot = new Snapshot(checkedAt, changed.Count == 0 ? seen : changed.Max(v => v.Version),
                snapshot.Versions.SetItems(changed.Select(v => KeyValuePair.Create((v.TenantId, v.State), v.Version))));
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }
}

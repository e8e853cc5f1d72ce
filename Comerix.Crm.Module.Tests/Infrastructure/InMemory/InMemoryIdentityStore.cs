using Comerix.Crm.Resolution;

namespace Comerix.Crm.Tests.Infrastructure.InMemory;

/// <summary>
/// The resolution store in memory, with optimistic concurrency: each unit of work reads a snapshot of the tenant's
/// graph and commits only if nobody committed in between (else <see cref="InMemoryConflictException"/>, a conflict the
/// engine retries). Unique identifier keys, event-id dedup, merges that move identifiers, activities and links:
/// the contract the SQL store keeps, checked by the same tests.
/// </summary>
internal sealed class InMemoryIdentityStore(TimeProvider time) : IIdentityStore
{
    private readonly Dictionary<string, InMemoryGraph> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Conflicts raised at commit so far (a lost race), for tests that want to see the retry path taken.</summary>
    public int Conflicts { get; private set; }

    public Task<IIdentityUnitOfWork> BeginAsync(string tenantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IIdentityUnitOfWork>(new InMemoryUnitOfWork(this, tenantId, Snapshot(tenantId), time, cancellationToken));
    }

    /// <summary>Makes the next <paramref name="commits"/> commits lose a race, as if another writer had just committed.</summary>
    public void LoseNextCommits(int commits)
    {
        lock (_lock)
        {
            _toLose = commits;
        }
    }

    private int _toLose;

    public bool IsConflict(Exception exception) => exception is InMemoryConflictException or ConcurrentChangeException;

    /// <summary>A copy of the tenant's committed graph, for a unit of work or a test to read.</summary>
    public InMemoryGraph Snapshot(string tenantId)
    {
        lock (_lock)
        {
            return _tenants.TryGetValue(tenantId, out var graph) ? graph.Copy() : new InMemoryGraph();
        }
    }

    /// <summary>Replaces the committed graph with <paramref name="working"/>, unless it moved since <paramref name="working"/> was copied.</summary>
    internal void Commit(string tenantId, InMemoryGraph working)
    {
        lock (_lock)
        {
            var current = _tenants.TryGetValue(tenantId, out var graph) ? graph.Version : 0;
            if (current != working.Version || _toLose-- > 0)
            {
                Conflicts++;
                throw new InMemoryConflictException($"tenant {tenantId} changed since this unit of work read it");
            }
            working.Version = current + 1;
            _tenants[tenantId] = working;
        }
    }
}

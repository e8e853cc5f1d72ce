using System.Collections.Concurrent;
using Comerix.Crm.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tenancy;

/// <summary>
/// State every event reads (a tenant's identity rules, its contact fields), read once per tenant and kept. An edit on
/// this server takes effect at once (<see cref="Invalidate"/>); an edit anywhere else (another server on the same
/// database, <c>recipe apply</c>) within <see cref="CrmOptions.StateCheckInterval"/>, when the state's version
/// (<see cref="CrmStateVersions"/>, bumped by a trigger on its table) moves.
/// </summary>
internal abstract class TenantStateCache<T>(IServiceScopeFactory scopes, CrmStateVersions versions, string state)
{
    private readonly ConcurrentDictionary<string, (T Value, long Version)> _byTenant = new(StringComparer.Ordinal);

    public async ValueTask<T> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var version = await versions.CurrentAsync(tenantId, state, cancellationToken);
        if (_byTenant.TryGetValue(tenantId, out var cached) && cached.Version == version)
        {
            return cached.Value;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        // Asked for on behalf of any tenant, from a scope of its own: name the tenant.
        db.ScopeTo(tenantId);
        var value = await LoadAsync(db, cancellationToken);
        _byTenant[tenantId] = (value, version);
        return value;
    }

    /// <summary>A change made on this server: read again on the next event, without waiting for the version check.</summary>
    public void Invalidate(string tenantId) => _byTenant.TryRemove(tenantId, out _);

    /// <summary>Reads the state from a context scoped to the tenant.</summary>
    protected abstract Task<T> LoadAsync(CrmDbContext db, CancellationToken cancellationToken);
}

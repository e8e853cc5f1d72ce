using System.Collections.Concurrent;
using System.Collections.Frozen;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// Which event types some endpoint of a tenant wants, kept in memory: every commit asks, and most tenants have no
/// endpoint, so a commit with no subscriber writes nothing and reads nothing more. The rows themselves are fanned
/// out by one INSERT … SELECT over the endpoints inside the commit, so an endpoint deleted meanwhile gets none.
/// An endpoint added on another server is seen within <see cref="CrmOptions.StateCheckInterval"/>.
/// </summary>
internal sealed class WebhookSubscriptions(CrmDatabase database, CrmStateVersions versions)
{
    private readonly ConcurrentDictionary<string, (FrozenSet<string> Types, long Version)> _byTenant = new(StringComparer.Ordinal);

    public async ValueTask<FrozenSet<string>> ForTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var version = await versions.CurrentAsync(tenantId, CrmStates.WebhookEndpoints, cancellationToken);
        if (_byTenant.TryGetValue(tenantId, out var cached) && cached.Version == version)
        {
            return cached.Types;
        }
        await using var db = database.CreateDbContext(tenantId);
        var lists = await db.WebhookEndpoints.AsNoTracking()
            .Select(e => e.EventTypes).ToListAsync(cancellationToken);
        var types = lists.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToFrozenSet(StringComparer.Ordinal);
        _byTenant[tenantId] = (types, version);
        return types;
    }

    /// <summary>This server changed the tenant's endpoints: read them again at the next commit.</summary>
    public void Invalidate(string tenantId) => _byTenant.TryRemove(tenantId, out _);
}

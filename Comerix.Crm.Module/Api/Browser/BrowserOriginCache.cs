using System.Collections.Concurrent;
using System.Collections.Frozen;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Api.Browser;

/// <summary>
/// The origins a tenant's live browser keys list, kept in memory: every preflight and every response on the browser
/// routes asks. Creating or revoking a key (or changing its origins) bumps the <see cref="CrmStates.ApiKeys"/> state
/// version in the same transaction, so a revoked key's origins stop getting CORS answers within
/// <see cref="CrmOptions.StateCheckInterval"/> (2 s by default) on every server, and at once on the server that
/// revoked it. The key itself is checked against the database on every request, so a revoked key is refused at once.
/// </summary>
internal sealed class BrowserOriginCache(CrmDatabase database, CrmStateVersions versions)
{
    private readonly ConcurrentDictionary<string, (FrozenSet<string> Origins, long Version)> _byTenant = new(StringComparer.Ordinal);

    /// <summary>Whether a live browser key of the tenant lists <paramref name="canonicalOrigin"/> (see <see cref="BrowserOrigins.Canonical"/>).</summary>
    public async ValueTask<bool> IsListedAsync(string tenantId, string canonicalOrigin, CancellationToken cancellationToken = default) =>
        (await ForTenantAsync(tenantId, cancellationToken)).Contains(canonicalOrigin);

    private async ValueTask<FrozenSet<string>> ForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var version = await versions.CurrentAsync(tenantId, CrmStates.ApiKeys, cancellationToken);
        if (_byTenant.TryGetValue(tenantId, out var cached) && cached.Version == version)
        {
            return cached.Origins;
        }
        await using var db = database.CreateDbContext(tenantId);
        var lists = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Kind == ApiKeyKinds.Browser && k.RevokedAt == null)
            .Select(k => k.AllowedOrigins).ToListAsync(cancellationToken);
        var origins = lists.SelectMany(BrowserOrigins.Split).ToFrozenSet(StringComparer.Ordinal);
        _byTenant[tenantId] = (origins, version);
        return origins;
    }

    /// <summary>This server changed the tenant's keys: read them again at the next request.</summary>
    public void Invalidate(string tenantId) => _byTenant.TryRemove(tenantId, out _);
}

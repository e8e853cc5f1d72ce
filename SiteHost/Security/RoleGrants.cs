using System.Collections.Concurrent;
using Comerix.Crm.Data;
using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Security;

/// <summary>
/// Role → permission grants of a tenant, kept in memory: every authorized request asks. Read again when their
/// version moves (a trigger on <c>site_role_permissions</c> bumps it, whoever writes: a recipe's roles step here,
/// <c>recipe apply</c>, another server), which this server notices within <c>Crm:StateCheckInterval</c>.
/// </summary>
public sealed class RoleGrants(CrmStateVersions versions)
{
    private readonly ConcurrentDictionary<string, (IReadOnlySet<(string Role, string Permission)> Grants, long Version)> _byTenant = new(StringComparer.Ordinal);

    public async Task<IReadOnlySet<(string Role, string Permission)>> GetAsync(SiteDbContext db)
    {
        var version = await versions.CurrentAsync(db.TenantId, SiteStates.RoleGrants);
        if (_byTenant.TryGetValue(db.TenantId, out var cached) && cached.Version == version)
        {
            return cached.Grants;
        }
        // Role grants have no query filter (see SiteDbContext): the tenant is named here.
        var rows = await db.RolePermissions.AsNoTracking()
            .Where(p => p.TenantId == db.TenantId)
            .Select(p => new { p.RoleName, p.Permission })
            .ToListAsync();
        var grants = rows.Select(r => (r.RoleName, r.Permission)).ToHashSet();
        _byTenant[db.TenantId] = (grants, version);
        return grants;
    }

    public void Invalidate(string tenantId) => _byTenant.TryRemove(tenantId, out _);
}

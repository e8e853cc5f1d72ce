using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Comerix.SiteHost.Security;

/// <summary>
/// Role → permission grants of a tenant, cached: every authorized request asks. A recipe's roles step calls
/// <see cref="Invalidate"/> after changing them.
/// </summary>
public sealed class RoleGrants(IMemoryCache cache)
{
    public async Task<IReadOnlySet<(string Role, string Permission)>> GetAsync(SiteDbContext db)
    {
        var key = CacheKey(db.TenantId);
        if (cache.TryGetValue(key, out IReadOnlySet<(string, string)>? grants) && grants is not null)
        {
            return grants;
        }
        var rows = await db.RolePermissions.AsNoTracking()
            .Where(p => p.TenantId == db.TenantId)
            .Select(p => new { p.RoleName, p.Permission })
            .ToListAsync();
        grants = rows.Select(r => (r.RoleName, r.Permission)).ToHashSet();
        cache.Set(key, grants, TimeSpan.FromMinutes(5));
        return grants;
    }

    public void Invalidate(string tenantId) => cache.Remove(CacheKey(tenantId));

    private static string CacheKey(string tenantId) => "role-grants:" + tenantId;
}

using Comerix.Crm.Data;
using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Tenancy;

/// <summary>
/// The tenant list, kept in memory: every request resolves its tenant here, so it must not cost a query. It is
/// read again when its version moves (a trigger on <c>site_tenants</c> bumps it, whoever writes: <c>tenant create</c>,
/// a recipe's feature step, another server), which this server notices within <c>Crm:StateCheckInterval</c>.
/// Changes made here call <see cref="Invalidate"/> and take effect at once.
/// </summary>
public sealed class TenantRegistry(IServiceScopeFactory scopes, CrmStateVersions versions)
{
    private volatile Loaded? _tenants;

    private sealed record Loaded(IReadOnlyList<SiteTenant> Tenants, long Version);

    public async ValueTask<IReadOnlyList<SiteTenant>> GetAllAsync()
    {
        var version = await versions.CurrentAsync("", SiteStates.Tenants);
        if (_tenants is { } cached && cached.Version == version)
        {
            return cached.Tenants;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Name).ToListAsync();
        _tenants = new Loaded(tenants, version);
        return tenants;
    }

    public async ValueTask<SiteTenant?> FindAsync(string name) =>
        (await GetAllAsync()).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public void Invalidate() => _tenants = null;
}

using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Tenancy;

/// <summary>
/// The tenant list, read once and kept in memory: every request resolves its tenant here, so it must not cost a
/// query. Anything that changes tenants (a recipe's feature step, tenant create) calls <see cref="Invalidate"/>.
/// </summary>
public sealed class TenantRegistry(IServiceScopeFactory scopes)
{
    private volatile IReadOnlyList<SiteTenant>? _tenants;

    public async ValueTask<IReadOnlyList<SiteTenant>> GetAllAsync()
    {
        if (_tenants is { } cached)
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Name).ToListAsync();
        _tenants = tenants;
        return tenants;
    }

    public async ValueTask<SiteTenant?> FindAsync(string name) =>
        (await GetAllAsync()).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public void Invalidate() => _tenants = null;
}

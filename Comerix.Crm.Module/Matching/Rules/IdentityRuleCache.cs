using System.Collections.Concurrent;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// Every event passes through the tenant's rules, so they are read once and kept. An edit on this server takes
/// effect at once; an edit anywhere else (another server on the same database, <c>recipe apply</c>) within
/// <see cref="CrmOptions.StateCheckInterval"/>, when its version (<see cref="CrmStateVersions"/>) moves.
/// </summary>
internal sealed class IdentityRuleCache(IServiceScopeFactory scopes, CrmStateVersions versions)
{
    private readonly ConcurrentDictionary<string, (IdentityRuleSet Rules, long Version)> _byTenant = new(StringComparer.Ordinal);

    public async ValueTask<IdentityRuleSet> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var version = await versions.CurrentAsync(tenantId, CrmStates.IdentityRules, cancellationToken);
        if (_byTenant.TryGetValue(tenantId, out var cached) && cached.Version == version)
        {
            return cached.Rules;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        // Asked for by the engine on behalf of any tenant, from a scope of its own: name the tenant.
        db.ScopeTo(tenantId);
        var rules = await db.IdentityRules.AsNoTracking()
            .Where(r => r.Enabled)
            .OrderBy(r => r.Position).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var set = new IdentityRuleSet(rules.Select(r => (r.Name, r.ToDefinition())).ToList());
        _byTenant[tenantId] = (set, version);
        return set;
    }

    public void Invalidate(string tenantId) => _byTenant.TryRemove(tenantId, out _);
}

using System.Collections.Concurrent;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// Every event passes through the tenant's rules, so they are read once and kept. An edit on this server
/// takes effect at once; another server running the same database picks it up within <see cref="MaxAge"/>.
/// </summary>
public sealed class IdentityRuleCache(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (IdentityRuleSet Rules, DateTimeOffset LoadedAt)> _byTenant = new(StringComparer.Ordinal);

    public async ValueTask<IdentityRuleSet> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        if (_byTenant.TryGetValue(tenantId, out var cached) && time.GetUtcNow() - cached.LoadedAt < MaxAge)
        {
            return cached.Rules;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var rules = await db.IdentityRules.AsNoTracking()
            .Where(r => r.TenantId == tenantId && r.Enabled)
            .OrderBy(r => r.Position).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var set = new IdentityRuleSet(rules.Select(r => (r.Name, r.ToDefinition())).ToList());
        _byTenant[tenantId] = (set, time.GetUtcNow());
        return set;
    }

    public void Invalidate(string tenantId) => _byTenant.TryRemove(tenantId, out _);
}

using Comerix.Crm.Data;
using Comerix.Crm.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Matching.Rules;

/// <summary>The tenant's enabled identity rules, in order: every event passes through them, so they are read once and kept.</summary>
internal sealed class IdentityRuleCache(IServiceScopeFactory scopes, CrmStateVersions versions)
    : TenantStateCache<IdentityRuleSet>(scopes, versions, CrmStates.IdentityRules)
{
    protected override async Task<IdentityRuleSet> LoadAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.IdentityRules.AsNoTracking()
            .Where(r => r.Enabled)
            .OrderBy(r => r.Position).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return new IdentityRuleSet(rules.Select(r => (r.Name, r.ToDefinition())).ToList());
    }
}

using System.Collections.Concurrent;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Contacts.Fields;

/// <summary>
/// The tenant's contact fields by key, kept in memory for ingestion (every event's traits are checked against them).
/// A change anywhere (this server, another one, a recipe) bumps their version (<see cref="CrmStates.CustomFields"/>),
/// and they are read again within <see cref="CrmOptions.StateCheckInterval"/>.
/// </summary>
internal sealed class CustomFieldCache(IServiceScopeFactory scopes, CrmStateVersions versions)
{
    private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, CustomField> Fields, long Version)> _byTenant = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyDictionary<string, CustomField>> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var version = await versions.CurrentAsync(tenantId, CrmStates.CustomFields, cancellationToken);
        if (_byTenant.TryGetValue(tenantId, out var cached) && cached.Version == version)
        {
            return cached.Fields;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        // Asked for on behalf of any tenant, from a scope of its own: name the tenant.
        db.ScopeTo(tenantId);
        var fields = (await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(f => f.Key, StringComparer.Ordinal);
        _byTenant[tenantId] = (fields, version);
        return fields;
    }

    /// <summary>A change made on this server: read again on the next event, without waiting for the version check.</summary>
    public void Invalidate(string tenantId) => _byTenant.TryRemove(tenantId, out _);
}

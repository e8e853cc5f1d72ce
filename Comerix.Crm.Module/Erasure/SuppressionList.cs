using System.Collections.Concurrent;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Erasure;

/// <summary>
/// The tenant's suppressed identifiers, as keyed hashes of (type, normalised value), kept in memory for ingestion.
/// An addition here takes effect at once; another server sharing the database sees it within
/// <see cref="CrmOptions.StateCheckInterval"/>, when its version (<see cref="CrmStateVersions"/>) moves: the list is
/// reloaded only then, as it may be long.
/// </summary>
public sealed class SuppressionList(IServiceScopeFactory scopes, AuditSigner signer, CrmStateVersions versions, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (IReadOnlySet<string> Hashes, long Version)> _byTenant = new(StringComparer.Ordinal);

    public string Hash(string type, string normalizedValue) => signer.KeyedHash("suppression", $"{type}\n{normalizedValue}");

    /// <summary>A test for "is this (type, normalised value) suppressed?" for one tenant, loaded before a batch is resolved.</summary>
    public async ValueTask<Func<string, string, bool>?> ForTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var version = await versions.CurrentAsync(tenantId, CrmStates.Suppressions, cancellationToken);
        if (!_byTenant.TryGetValue(tenantId, out var cached) || cached.Version != version)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var hashes = await db.Suppressions.AsNoTracking().Where(s => s.TenantId == tenantId).Select(s => s.Hash).ToListAsync(cancellationToken);
            cached = (hashes.ToHashSet(StringComparer.Ordinal), version);
            _byTenant[tenantId] = cached;
        }
        var set = cached.Hashes;
        return set.Count == 0 ? null : (type, value) => set.Contains(Hash(type, value));
    }

    public async Task AddAsync(CrmDbContext db, string tenantId, IEnumerable<(string Type, string Value)> identifiers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hashes = identifiers.Select(i => Hash(i.Type, i.Value)).Distinct().ToList();
        var existing = await db.Suppressions.Where(s => s.TenantId == tenantId && hashes.Contains(s.Hash)).Select(s => s.Hash).ToListAsync(cancellationToken);
        db.Suppressions.AddRange(hashes.Except(existing).Select(h => new Suppression { TenantId = tenantId, Hash = h, CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        _byTenant.TryRemove(tenantId, out _);
    }
}

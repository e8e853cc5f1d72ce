using System.Collections.Concurrent;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Erasure;

/// <summary>
/// The tenant's suppressed identifiers, as keyed hashes of (type, normalised value). Ingestion asks inside the
/// transaction that would store the event (<see cref="InTransactionAsync"/>), never a copy checked every
/// <see cref="CrmOptions.StateCheckInterval"/>: a suppression is a promise to a person, so one committed anywhere
/// (this server, another server sharing the database, plain SQL) before an ingest transaction reads the list holds
/// for that transaction. What that costs is one primary-key lookup per transaction: the list's version
/// (<see cref="CrmStates.Suppressions"/> in <c>crm_state_versions</c>, which a trigger bumps in the transaction that
/// writes the list). The list itself, which may be long, is kept in memory and read again, in that same transaction,
/// only when the version has moved.
/// </summary>
/// <remarks>
/// The reverse race, a suppression committing while an ingest transaction is under way. SQLite has none: an ingest
/// transaction holds the file's write lock from its first statement, so a suppression commits wholly before it (and
/// is seen) or after it. PostgreSQL runs READ COMMITTED, each statement seeing what was committed when it started.
/// The engine reads the list after the batch's identifiers and the row locks on their contacts
/// (<see cref="IIdentityUnitOfWork.PrepareAsync"/>), and Delete &amp; forget commits the suppression before it deletes
/// the person. So an ingest that no longer finds the person reads the list later still and sees the suppression (one
/// that waited for the person's row lock and found them gone reads the identifiers again, then the list); one that
/// locked the person first makes the erasure wait, and the erasure then deletes what the event added.
/// What remains, on PostgreSQL only: a suppression committed between an ingest transaction's read of the list and
/// its commit does not apply to that transaction, as if its events had arrived a moment earlier. Alongside an
/// erasure that is harmless (those events land on the person being erased); a suppression written on its own is
/// honoured from the next transaction. Locking the version row FOR SHARE would close even that, at the price of
/// serialising every ingest with every suppression, and locks nothing while the row does not exist yet: not done.
/// (On both providers, an identifier the person gains between the erasure reading their identifiers and deleting
/// them is deleted with them but not suppressed: see <see cref="ContactErasureService"/>.)
/// </remarks>
internal sealed class SuppressionList(AuditSigner signer, TimeProvider time) : ISuppressionCheck
{
    private readonly ConcurrentDictionary<string, Loaded> _byTenant = new(StringComparer.Ordinal);

    /// <param name="Version">The list's version read before <paramref name="Hashes"/> were, in the same transaction.</param>
    private sealed record Loaded(IReadOnlySet<string> Hashes, long Version);

    public string Hash(string type, string normalizedValue) => signer.KeyedHash("suppression", $"{type}\n{normalizedValue}");

    /// <summary>
    /// A test for "is this (type, normalised value) suppressed?" as <paramref name="uow"/>'s transaction sees the
    /// list now; null when the list is empty.
    /// </summary>
    public async ValueTask<Func<string, string, bool>?> InTransactionAsync(IIdentityUnitOfWork uow)
    {
        // The version first, then the list: a change committed in between costs one more read later, never a miss.
        var version = await uow.ReadStateVersionAsync(CrmStates.Suppressions);
        if (!_byTenant.TryGetValue(uow.TenantId, out var loaded) || loaded.Version != version)
        {
            loaded = new Loaded((await uow.ReadSuppressionHashesAsync()).ToHashSet(StringComparer.Ordinal), version);
            _byTenant[uow.TenantId] = loaded;
        }
        var set = loaded.Hashes;
        return set.Count == 0 ? null : (type, value) => set.Contains(Hash(type, value));
    }

    public async Task AddAsync(CrmDbContext db, string tenantId, IEnumerable<(string Type, string Value)> identifiers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hashes = identifiers.Select(i => Hash(i.Type, i.Value)).Distinct().ToList();
        var existing = await db.InTenant(tenantId).Suppressions.Where(s => hashes.Contains(s.Hash)).Select(s => s.Hash).ToListAsync(cancellationToken);
        db.Suppressions.AddRange(hashes.Except(existing).Select(h => new Suppression { TenantId = tenantId, Hash = h, CreatedAt = now }));
        // The trigger moves the list's version in this transaction: the next ingest transaction anywhere reads it again.
        await db.SaveChangesAsync(cancellationToken);
    }
}

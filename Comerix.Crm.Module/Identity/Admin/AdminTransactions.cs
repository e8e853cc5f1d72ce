using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Identity.Admin;

/// <summary>
/// The transactions of admin writes (notes, edits, do-not-contact lifts, erasure, review decisions, audit entries
/// for settings): their own unit of work, with the engine's retry rule (a lost race runs the whole unit again) and
/// its logger. Where a change comes with an event (the note that explains it), the engine resolves the event inside
/// the change's transaction: both land, or neither does.
/// </summary>
internal sealed class AdminTransactions
{
    private readonly IAdminStore _store;
    private readonly IdentityEngine _engine;
    private readonly TimeProvider _time;

    internal AdminTransactions(IAdminStore store, IdentityEngine engine, TimeProvider time)
    {
        _store = store;
        _engine = engine;
        _time = time;
    }

    internal Task<T> RunAsync<T>(string tenantId, Func<IAdminUnitOfWork, Task<T>> work, CancellationToken cancellationToken)
    {
        IdentityEngine.ValidateTenant(tenantId);
        return _engine.Transactions.RunAsync(_store, tenantId, work, cancellationToken);
    }

    /// <summary>
    /// As <see cref="RunAsync{T}"/>, with a journal the work records its merges in; they are logged once it commits.
    /// </summary>
    internal Task<T> RunAsync<T>(string tenantId, Func<IAdminUnitOfWork, UnitOfWorkJournal, Task<T>> work, CancellationToken cancellationToken)
    {
        IdentityEngine.ValidateTenant(tenantId);
        var journal = new UnitOfWorkJournal();
        return _engine.Transactions.RunAsync(_store, tenantId, uow => work(uow, journal), cancellationToken, journal);
    }

    /// <summary>
    /// Runs <paramref name="change"/> and ingests <paramref name="evt"/> (the note that explains it) in one transaction:
    /// both land, or neither does. The event is validated before anything is written; when <paramref name="change"/>
    /// answers false nothing is ingested and nothing is written.
    /// </summary>
    internal async Task<bool> ChangeWithEventAsync(
        string tenantId, Func<IAdminUnitOfWork, Task<bool>> change, CrmEvent evt, CancellationToken cancellationToken) =>
        await ChangeWithEventResultAsync(tenantId, change, evt, cancellationToken) is not null;

    /// <summary>As <see cref="ChangeWithEventAsync"/>, answering what the event did (null when nothing was written).</summary>
    internal async Task<IngestResult?> ChangeWithEventResultAsync(
        string tenantId, Func<IAdminUnitOfWork, Task<bool>> change, CrmEvent evt, CancellationToken cancellationToken)
    {
        IdentityEngine.ValidateTenant(tenantId);
        IdentityEngine.ThrowIfInvalid(evt);
        var result = await RunAsync(tenantId, async (uow, journal) =>
            await change(uow) ? await _engine.IngestWithinAsync(uow, evt, journal) : null, cancellationToken);
        if (result is not null)
        {
            IngestionMetrics.Ingested([result]);
        }
        return result;
    }

    /// <summary>Now, as the engine stores times (UTC, to the microsecond).</summary>
    internal DateTime Now() => Timestamps.Normalize(_time.GetUtcNow());
}

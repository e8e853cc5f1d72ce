using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Identity.Resolution;

/// <summary>
/// The identity engine: events in, one contact per person out. Validates everything before it writes anything,
/// runs each batch slice in one transaction, and retries a slice that lost a race with another writer.
/// </summary>
public sealed class IdentityEngine
{
    private readonly IIdentityStore _store;
    private readonly IdentityResolutionOptions _options;
    private readonly TransactionRunner _transactions;
    private readonly IdentityResolver _resolver;
    private readonly TimeProvider _time;

    private readonly Erasure.SuppressionList? _suppressions;

    public IdentityEngine(IIdentityStore store, IdentityResolutionOptions options, TimeProvider time, Erasure.SuppressionList? suppressions = null)
    {
        _suppressions = suppressions;
        _store = store;
        _options = options;
        _time = time;
        _transactions = new TransactionRunner(store, options);
        _resolver = new IdentityResolver(options, new IdentifierNormalizer(options.DefaultPhoneRegion, options.ExtraJunkValues));
    }

    public async Task<IngestResult> IngestAsync(string tenantId, CrmEvent evt, CancellationToken cancellationToken = default)
    {
        var results = await IngestBatchAsync(tenantId, [evt], cancellationToken);
        return results[0];
    }

    /// <summary>
    /// Ingests events in order. If any event is invalid, <see cref="CrmValidationException"/> is thrown and nothing
    /// is stored. Each slice of <see cref="IdentityResolutionOptions.BatchTransactionSize"/> events commits on its own.
    /// </summary>
    public Task<IReadOnlyList<IngestResult>> IngestBatchAsync(
        string tenantId, IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken = default)
    {
        ValidateTenant(tenantId);
        ArgumentNullException.ThrowIfNull(events);
        var errors = CrmEventValidator.ValidateBatch(events);
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
        return IngestValidatedAsync(tenantId, events, cancellationToken);
    }

    /// <summary>For callers that validated the events themselves (the sink does, before they wait for a group commit).</summary>
    internal async Task<IReadOnlyList<IngestResult>> IngestValidatedAsync(
        string tenantId, IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken = default)
    {
        var results = new List<IngestResult>(events.Count);
        for (var start = 0; start < events.Count; start += _options.BatchTransactionSize)
        {
            var slice = events.Skip(start).Take(_options.BatchTransactionSize).ToList();
            results.AddRange(await _transactions.RunAsync(tenantId, async uow =>
            {
                var receivedAt = Timestamps.Normalize(_time.GetUtcNow());
                var readStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var prepared = await PrepareAsync(uow, slice);
                IngestionMetrics.PhaseDone(IngestionMetrics.ReadPhase, readStarted);
                var resolveStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var sliceResults = new List<IngestResult>(slice.Count);
                foreach (var evt in prepared)
                {
                    sliceResults.Add(await _resolver.ResolveAsync(uow, evt, receivedAt));
                }
                IngestionMetrics.PhaseDone(IngestionMetrics.ResolvePhase, resolveStarted);
                return sliceResults;
            }, cancellationToken));
        }
        IngestionMetrics.Ingested(results);
        return results;
    }

    /// <summary>
    /// What ingesting <paramref name="evt"/> would do now, without keeping anything: the engine runs in a unit of
    /// work that is rolled back. The contact id of a <see cref="IngestOutcome.Created"/> outcome is not kept either.
    /// </summary>
    public async Task<IngestResult> PreviewAsync(string tenantId, CrmEvent evt, CancellationToken cancellationToken = default)
    {
        ValidateTenant(tenantId);
        var errors = CrmEventValidator.Validate(evt);
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var uow = await _store.BeginAsync(tenantId, cancellationToken);
                var prepared = await PrepareAsync(uow, [evt]);
                return await _resolver.ResolveAsync(uow, prepared[0], Timestamps.Normalize(_time.GetUtcNow()));
            }
            catch (Exception ex) when (attempt < _options.MaxConflictRetries && _store.IsConflict(ex))
            {
                await Task.Delay(Random.Shared.Next(1, 10), cancellationToken);
            }
        }
    }

    /// <summary>Manual merge: <paramref name="mergeId"/> folds into <paramref name="intoId"/>, which survives whatever the automatic rule would say.</summary>
    public Task<ManualMergeResult> MergeAsync(string tenantId, long mergeId, long intoId, string actor, CancellationToken cancellationToken = default)
    {
        ValidateTenant(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return _transactions.RunAsync(tenantId, async uow =>
        {
            var loserId = await uow.ResolveLiveContactIdAsync(mergeId)
                ?? throw new CrmValidationException([$"contact {mergeId} does not exist"]);
            var survivorId = await uow.ResolveLiveContactIdAsync(intoId)
                ?? throw new CrmValidationException([$"contact {intoId} does not exist"]);
            if (loserId == survivorId)
            {
                return new ManualMergeResult(survivorId, AlreadyOne: true);
            }
            var survivor = await uow.LoadLiveContactAsync(survivorId);
            var loser = await uow.LoadLiveContactAsync(loserId);
            var now = Timestamps.Normalize(_time.GetUtcNow());
            await ContactMerger.MergeAsync(uow, loser, survivor,
                new ContactMerger.MergeContext(actor, Automatic: false, "Merged by hand.", EvidenceEventId: null, now));
            return new ManualMergeResult(survivorId, AlreadyOne: false);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="change"/> and ingests <paramref name="evt"/> (the note that explains it) in one transaction:
    /// both land, or neither does. The event is validated before anything is written; when <paramref name="change"/>
    /// answers false nothing is ingested and nothing is written.
    /// </summary>
    internal async Task<bool> ChangeWithEventAsync(
        string tenantId, Func<IIdentityUnitOfWork, Task<bool>> change, CrmEvent evt, CancellationToken cancellationToken) =>
        await ChangeWithEventResultAsync(tenantId, change, evt, cancellationToken) is not null;

    /// <summary>As <see cref="ChangeWithEventAsync"/>, answering what the event did (null when nothing was written).</summary>
    internal async Task<IngestResult?> ChangeWithEventResultAsync(
        string tenantId, Func<IIdentityUnitOfWork, Task<bool>> change, CrmEvent evt, CancellationToken cancellationToken)
    {
        ValidateTenant(tenantId);
        var errors = CrmEventValidator.Validate(evt);
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
        var result = await _transactions.RunAsync(tenantId, async uow =>
        {
            if (!await change(uow))
            {
                return (IngestResult?)null;
            }
            var prepared = await PrepareAsync(uow, [evt]);
            return await _resolver.ResolveAsync(uow, prepared[0], Timestamps.Normalize(_time.GetUtcNow()));
        }, cancellationToken);
        if (result is not null)
        {
            IngestionMetrics.Ingested([result]);
        }
        return result;
    }

    /// <summary>
    /// Every way in starts here, inside the transaction that stores the events: normalises their claims, has the unit
    /// of work read (and on PostgreSQL lock) what they point at, then marks those carrying a suppressed identifier,
    /// as this transaction reads the suppression list. In that order: see <see cref="Erasure.SuppressionList"/>.
    /// </summary>
    private async ValueTask<List<IdentityResolver.PreparedEvent>> PrepareAsync(IIdentityUnitOfWork uow, IReadOnlyList<CrmEvent> events)
    {
        var prepared = events.Select(_resolver.Prepare).ToList();
        await uow.PrepareAsync(
            prepared.Select(p => p.Event.Id).ToList(),
            prepared.SelectMany(p => p.Claims).Select(c => (c.Type, c.Value)).Distinct().ToList());
        if (_suppressions is not null && await _suppressions.InTransactionAsync(uow) is { } isSuppressed)
        {
            for (var i = 0; i < prepared.Count; i++)
            {
                if (prepared[i].Claims.Any(c => isSuppressed(c.Type, c.Value)))
                {
                    prepared[i] = prepared[i] with { Suppressed = true };
                }
            }
        }
        return prepared;
    }

    internal Task<T> RunAsync<T>(string tenantId, Func<IIdentityUnitOfWork, Task<T>> work, CancellationToken cancellationToken)
    {
        ValidateTenant(tenantId);
        return _transactions.RunAsync(tenantId, work, cancellationToken);
    }

    internal DateTime Now() => Timestamps.Normalize(_time.GetUtcNow());

    private static void ValidateTenant(string tenantId)
    {
        if (string.IsNullOrWhiteSpace(tenantId) || tenantId.Length > 64)
        {
            throw new CrmValidationException(["a tenant id of 1 to 64 characters is required"]);
        }
    }
}

/// <param name="AlreadyOne">Both ids already resolved to the same contact; nothing changed.</param>
public sealed record ManualMergeResult(long SurvivorId, bool AlreadyOne);

using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Comerix.Crm.Resolution;

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
    private readonly ILogger _logger;
    private readonly ISuppressionCheck? _suppressions;

    /// <param name="suppressions">The tenant's suppression list; without one (benchmarks, some tests) nothing is suppressed.</param>
    public IdentityEngine(IIdentityStore store, IdentityResolutionOptions options, TimeProvider time, ISuppressionCheck? suppressions = null,
        ILogger<IdentityEngine>? logger = null)
    {
        _suppressions = suppressions;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<IdentityEngine>.Instance;
        _transactions = new TransactionRunner(options, _logger);
        _resolver = new IdentityResolver(options, new IdentifierNormalizer(options.DefaultPhoneRegion, options.ExtraJunkValues));
    }

    /// <summary>Runs units of work with this engine's retry rule and logger (the module's admin transactions share it).</summary>
    internal TransactionRunner Transactions => _transactions;

    internal ILogger Logger => _logger;

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
        return IngestValidatedAsync(tenantId, events, cancellationToken: cancellationToken);
    }

    /// <summary>For callers that validated the events themselves (the sink does, before they wait for a group commit).</summary>
    /// <param name="transactionSize">Events per transaction; null for <see cref="IdentityResolutionOptions.BatchTransactionSize"/>.</param>
    internal async Task<IReadOnlyList<IngestResult>> IngestValidatedAsync(
        string tenantId, IReadOnlyList<CrmEvent> events, int? transactionSize = null, CancellationToken cancellationToken = default)
    {
        var results = new List<IngestResult>(events.Count);
        var journal = new UnitOfWorkJournal();
        var size = Math.Max(1, transactionSize ?? _options.BatchTransactionSize);
        for (var start = 0; start < events.Count; start += size)
        {
            var slice = events.Skip(start).Take(size).ToList();
            results.AddRange(await _transactions.RunAsync(_store, tenantId, async uow =>
            {
                var receivedAt = Timestamps.Normalize(_time.GetUtcNow());
                var readStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var prepared = await PrepareAsync(uow, slice);
                IngestionMetrics.PhaseDone(IngestionMetrics.ReadPhase, readStarted);
                var resolveStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var sliceResults = new List<IngestResult>(slice.Count);
                foreach (var evt in prepared)
                {
                    sliceResults.Add(await _resolver.ResolveAsync(uow, evt, receivedAt, journal));
                }
                IngestionMetrics.PhaseDone(IngestionMetrics.ResolvePhase, resolveStarted);
                return sliceResults;
            }, cancellationToken, journal));
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
        var journal = new UnitOfWorkJournal();
        return _transactions.RunAsync(_store, tenantId, async uow =>
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
            var context = new ContactMerger.MergeContext(actor, Automatic: false, "Merged by hand.", EvidenceEventId: null, now);
            var moved = await ContactMerger.MergeAsync(uow, loser, survivor, context);
            journal.Merges.Add(new MergeRecord(survivorId, loserId, ContactMerger.KindOf(context), moved));
            return new ManualMergeResult(survivorId, AlreadyOne: false);
        }, cancellationToken, journal);
    }

    /// <summary>
    /// Ingests an event (already validated: <see cref="ThrowIfInvalid"/>) inside a unit of work someone else runs and
    /// commits: the module's admin writes ingest the note that explains a change in the change's own transaction.
    /// </summary>
    internal async ValueTask<IngestResult> IngestWithinAsync(IIdentityUnitOfWork uow, CrmEvent evt, UnitOfWorkJournal? journal = null)
    {
        var prepared = await PrepareAsync(uow, [evt]);
        return await _resolver.ResolveAsync(uow, prepared[0], Timestamps.Normalize(_time.GetUtcNow()), journal);
    }

    /// <summary>Throws <see cref="CrmValidationException"/> naming what is wrong with <paramref name="evt"/>.</summary>
    internal static void ThrowIfInvalid(CrmEvent evt)
    {
        var errors = CrmEventValidator.Validate(evt);
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
    }

    /// <summary>
    /// Every way in starts here, inside the transaction that stores the events: normalises their claims, has the unit
    /// of work read (and on PostgreSQL lock) what they point at, then marks those carrying a suppressed identifier,
    /// as this transaction reads the suppression list. In that order: see <see cref="ISuppressionCheck"/>.
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

    internal static void ValidateTenant(string tenantId)
    {
        if (string.IsNullOrWhiteSpace(tenantId) || tenantId.Length > 64)
        {
            throw new CrmValidationException(["a tenant id of 1 to 64 characters is required"]);
        }
    }
}

/// <param name="AlreadyOne">Both ids already resolved to the same contact; nothing changed.</param>
public sealed record ManualMergeResult(long SurvivorId, bool AlreadyOne);

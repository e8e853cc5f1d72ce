using System.Text.Json;
using Comerix.Crm.Erasure;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Resolution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Backfill;

/// <summary>
/// What the site does to an event, in its order, for a whole batch at once: the tenant's identity rules (as the
/// event sink applies them), validation, then the identity engine, whose transaction checks the suppression list
/// and writes the webhooks outbox. The engine is the site's own (its store, suppression list, clock and logger from
/// the host's services) with one difference: a transaction takes the whole batch, not the site's slice of
/// <see cref="IdentityResolutionOptions.DefaultBatchTransactionSize"/>, since no caller waits on any one event.
/// </summary>
internal sealed class BackfillWriter
{
    /// <summary>
    /// Events the database refuses one by one, in one batch, before the run stops: a few are bad events that passed
    /// validation; more means the database itself is failing, and skipping would only throw events away.
    /// </summary>
    private const int MaxRefusedPerBatch = 3;

    private readonly IdentityEngine _engine;
    private readonly IdentityRuleCache _rules;
    private readonly string _tenantId;

    private BackfillWriter(IdentityEngine engine, IdentityRuleCache rules, string tenantId)
    {
        _engine = engine;
        _rules = rules;
        _tenantId = tenantId;
    }

    public static BackfillWriter Create(IServiceProvider services, string tenantId, int batchSize)
    {
        // A copy of the site's settings (priority, limits, phone region, junk values…), whatever they hold.
        var site = services.GetRequiredService<IdentityResolutionOptions>();
        var options = JsonSerializer.Deserialize<IdentityResolutionOptions>(JsonSerializer.Serialize(site))!;
        options.BatchTransactionSize = batchSize;
        var engine = new IdentityEngine(services.GetRequiredService<IIdentityStore>(), options, services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<SuppressionList>(), services.GetService<ILogger<IdentityEngine>>());
        return new BackfillWriter(engine, services.GetRequiredService<IdentityRuleCache>(), tenantId);
    }

    /// <summary>Applies the tenant's rules and validates: an event that fails moves to the batch's rejects.</summary>
    public async ValueTask PrepareAsync(BackfillBatch batch, CancellationToken cancellationToken)
    {
        var rules = await _rules.GetAsync(_tenantId, cancellationToken);
        var events = batch.Events.ToList();
        var lines = batch.EventLines.ToList();
        batch.Events.Clear();
        batch.EventLines.Clear();
        for (var i = 0; i < events.Count; i++)
        {
            var evt = rules.Count == 0 ? events[i] : rules.Apply(events[i]).Event;
            var errors = CrmEventValidator.Validate(evt);
            if (errors.Count > 0)
            {
                batch.Rejects.Add((lines[i], string.Join("; ", errors)));
            }
            else
            {
                batch.Add(evt, lines[i]);
            }
        }
    }

    /// <summary>
    /// Commits the batch's events in one transaction. Should the database refuse it, the batch is split until the
    /// event it refuses stands alone; that event is rejected and the rest are stored.
    /// </summary>
    /// <returns>The results of the events stored (refused ones are added to the batch's rejects).</returns>
    public async Task<IReadOnlyList<IngestResult>> CommitAsync(BackfillBatch batch, CancellationToken cancellationToken)
    {
        var results = new List<IngestResult>(batch.Events.Count);
        var refused = 0;
        await IngestAsync(batch.Events, batch.EventLines, 0, batch.Events.Count);
        return results;

        async Task IngestAsync(List<CrmEvent> events, List<long> lines, int start, int count)
        {
            try
            {
                results.AddRange(await _engine.IngestValidatedAsync(_tenantId, count == events.Count ? events : events.GetRange(start, count), cancellationToken: cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (count > 1)
                {
                    await IngestAsync(events, lines, start, count / 2);
                    await IngestAsync(events, lines, start + count / 2, count - count / 2);
                    return;
                }
                if (++refused > MaxRefusedPerBatch)
                {
                    throw new BackfillDatabaseException(ex);
                }
                // The type only: a database's message may quote the event's values.
                batch.Rejects.Add((lines[start], $"the database refused the event ({ex.GetType().Name})"));
            }
        }
    }
}

/// <summary>The database failed again and again within one batch: the run stops, its checkpoint kept.</summary>
internal sealed class BackfillDatabaseException(Exception inner)
    : Exception($"The database failed: {inner.GetType().Name}: {inner.Message}", inner);

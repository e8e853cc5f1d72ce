using System.Diagnostics;
using System.Threading.Channels;
using Comerix.Crm.Resolution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Comerix.Crm.Ingestion;

/// <summary>
/// Group commit for events handed in concurrently (HTTP requests, modules): one writer takes every request
/// waiting for the same tenant, up to <see cref="MaxGroupEventsFor"/> events, and ingests them in one transaction.
/// Each caller still learns only its own results, and only after they are committed. On SQLite, which has one
/// writer anyway, this turns many small transactions fighting over the write lock into few large ones. A group is
/// what is waiting: one request when the site is quiet (so a lone event commits at once), up to the largest
/// transaction the database does best with when a backlog builds (docs/adr/0002-group-commit.md).
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>
    /// The largest group. SQLite: the backfill's best transaction (<see cref="Backfill.BackfillRequest.SqliteDefaultBatchSize"/>,
    /// 20,000 events); at 1,000,000 events handed in as batches of 1,000 with 20 waiting, 10,731 events/s against
    /// 7,241 one batch at a time. PostgreSQL: 2,000, as before; groups of up to 5,000 gave 6,471 against 6,721 one
    /// batch at a time (the read phase grows with the group), so larger would only hold row locks longer.
    /// </summary>
    public static int MaxGroupEventsFor(string provider) =>
        provider == Data.CrmDatabaseProviders.Sqlite ? Backfill.BackfillRequest.SqliteDefaultBatchSize : PostgresMaxGroupEvents;

    private const int PostgresMaxGroupEvents = 2_000;

    private readonly IdentityEngine _engine;
    private readonly int _maxGroupEvents;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly ILogger _logger;

    public GroupCommitWriter(IdentityEngine engine, int maxGroupEvents, ILogger<GroupCommitWriter>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroupEvents, 1);
        _engine = engine;
        _maxGroupEvents = maxGroupEvents;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _loop = Task.Run(RunAsync);
    }

    /// <param name="Caller">The caller's activity, if traced: the commit links to it (it runs on the writer's own loop, not as its child).</param>
    private sealed record WorkItem(
        string TenantId, IReadOnlyList<CrmEvent> Events, TaskCompletionSource<IReadOnlyList<IngestResult>> Completion, ActivityContext Caller);

    /// <summary>
    /// Ingests <paramref name="events"/> (already validated by <see cref="CrmEventValidator"/>: the caller must) with whatever else is waiting. Cancelling stops the
    /// wait, not the write: events once queued are committed.
    /// </summary>
    public Task<IReadOnlyList<IngestResult>> IngestAsync(string tenantId, IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken = default)
    {
        var item = new WorkItem(tenantId, events, new(TaskCreationOptions.RunContinuationsAsynchronously),
            System.Diagnostics.Activity.Current?.Context ?? default);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The site is shutting down; send the events again.");
        }
        return item.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        // The loop was started by whoever first needed the writer; that request's activity must not parent every commit.
        System.Diagnostics.Activity.Current = null;
        WorkItem? carried = null;
        while (carried is not null || await _queue.Reader.WaitToReadAsync())
        {
            if (carried is null && !_queue.Reader.TryRead(out carried))
            {
                continue;
            }
            var group = new List<WorkItem> { carried };
            var count = carried.Events.Count;
            carried = null;
            while (count < _maxGroupEvents && _queue.Reader.TryRead(out var next))
            {
                if (next.TenantId != group[0].TenantId)
                {
                    carried = next;
                    break;
                }
                group.Add(next);
                count += next.Events.Count;
            }
            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(List<WorkItem> group)
    {
        using var activity = CrmTelemetry.Start(CrmTelemetry.IngestCommitActivity, group[0].TenantId, links: CallerLinks(group));
        activity?.SetTag(CrmTelemetry.EventsTag, group.Sum(g => g.Events.Count));
        activity?.SetTag(CrmTelemetry.RequestsTag, group.Count);
        if (group.Count > 1)
        {
            try
            {
                var events = group.SelectMany(g => g.Events).ToList();
                // One transaction, however large the group grew: one commit, and each page written once.
                var results = await _engine.IngestValidatedAsync(group[0].TenantId, events, transactionSize: events.Count);
                var offset = 0;
                foreach (var item in group)
                {
                    item.Completion.SetResult(results.Skip(offset).Take(item.Events.Count).ToList());
                    offset += item.Events.Count;
                }
                return;
            }
            catch (Exception ex)
            {
                // One request's trouble must not fail the others: each runs again on its own. Events of the group
                // that were committed answer as duplicates of themselves (ingestion is idempotent by event id).
                // The type only: a message may quote a value of the events.
                IngestionLog.GroupFailed(_logger, group.Count, group.Sum(g => g.Events.Count), group[0].TenantId, ex.GetType().Name);
            }
        }
        foreach (var item in group)
        {
            try
            {
                item.Completion.SetResult(await _engine.IngestValidatedAsync(item.TenantId, item.Events));
            }
            catch (Exception ex)
            {
                CrmTelemetry.Failed(activity, ex);
                item.Completion.SetException(ex);
            }
        }
    }

    private static List<ActivityLink>? CallerLinks(List<WorkItem> group) =>
        CrmTelemetry.Source.HasListeners()
            ? group.Where(g => g.Caller != default).Select(g => new ActivityLink(g.Caller)).ToList()
            : null;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}

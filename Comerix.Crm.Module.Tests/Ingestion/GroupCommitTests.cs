using System.Collections.Concurrent;
using System.Diagnostics;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Ingestion;

/// <summary>
/// The group commit makes one transaction of whatever is waiting: a backlog makes the next group large (far past the
/// 2,000 events groups were once capped at), a lone request on a quiet site commits on its own, and every caller
/// gets its own results.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task ABacklogIsCommittedInGroupsThatGrowWithItAndALoneRequestAlone()
    {
        // A tenant of this test's own: the activity listener hears every test of the process.
        var tenant = "group-" + Guid.NewGuid().ToString("N")[..8];
        var groups = new ConcurrentBag<int>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CrmTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == CrmTelemetry.IngestCommitActivity && Equals(a.GetTagItem(CrmTelemetry.TenantTag), tenant))
                {
                    groups.Add((int)a.GetTagItem(CrmTelemetry.EventsTag)!);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var db = await TestDatabase.CreateAsync(CrmDatabaseProviders.Sqlite);
        var at = DateTimeOffset.UtcNow;

        List<Task<IReadOnlyList<IngestResult>>> requests;
        await using (var writer = new GroupCommitWriter(db.Engine, GroupCommitWriter.MaxGroupEventsFor(CrmDatabaseProviders.Sqlite)))
        {
            // Twelve requests of 1,000 events handed in at once: whatever the first group takes, the rest wait behind it
            // and make the next group (at least 6,000 events).
            var batches = Enumerable.Range(0, 12)
                .Select(r => Enumerable.Range(0, 1_000).Select(i => Telemetry($"r{r}-e{i}", at, Visitor($"v{r}-{i}"))).ToList()).ToList();
            requests = batches.Select(batch => writer.IngestAsync(tenant, batch)).ToList();
            await Task.WhenAll(requests);

            var lone = await writer.IngestAsync(tenant, [Telemetry("lone", at, Visitor("v-lone"))]);
            Assert.Equal(IngestOutcome.Created, lone.Single().Outcome);
        }

        for (var r = 0; r < requests.Count; r++)
        {
            var results = await requests[r];
            Assert.Equal(1_000, results.Count);
            Assert.All(results, x => Assert.Equal(IngestOutcome.Created, x.Outcome));
        }
        var sizes = groups.ToList();
        Assert.Equal(12_001, sizes.Sum());
        Assert.True(sizes.Max() >= 6_000, $"the backlog was committed in groups of {string.Join(", ", sizes)}");
        Assert.Contains(1, sizes);
    }
}

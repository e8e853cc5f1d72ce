using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Comerix.Crm.Resolution;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>What an operator watching the <c>Comerix.Crm</c> meter (dotnet-counters, OpenTelemetry) sees of ingestion.</summary>
public sealed class IngestionMetricsTests : EngineTestBase
{
    /// <summary>
    /// The meter is process-wide and other tests ingest in parallel: only measurements made on this test's
    /// async flow count (the listener's callback runs on the thread that records).
    /// </summary>
    private static readonly AsyncLocal<bool> OnThisTestsFlow = new();

    [Fact]
    public async Task IngestionReportsEachEventsOutcomeAndTheTimeOfEachPhase()
    {
        var outcomes = new ConcurrentBag<string>();
        var phases = new ConcurrentBag<(string Phase, double Seconds)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestionMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (OnThisTestsFlow.Value)
            {
                outcomes.Add((string)Tag(tags, IngestionMetrics.OutcomeTag));
            }
        });
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            if (OnThisTestsFlow.Value)
            {
                phases.Add(((string)Tag(tags, IngestionMetrics.PhaseTag), seconds));
            }
        });
        listener.Start();

        OnThisTestsFlow.Value = true;
        var form = Form("f1", Day1, Email("ada@example.com"));
        await Engine.IngestBatchAsync(Tenant, [form, Telemetry("t1", Day1.AddHours(1), Email("ada@example.com")), form]);
        OnThisTestsFlow.Value = false;

        Assert.Equal(["attached", "created", "duplicate"], outcomes.Order());
        Assert.Equal(["commit", "read", "resolve", "write"], phases.Select(p => p.Phase).Distinct().Order());
        Assert.All(phases, p => Assert.True(p.Seconds >= 0));
    }

    private static object Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value!;
            }
        }
        throw new InvalidOperationException($"no '{key}' tag");
    }
}

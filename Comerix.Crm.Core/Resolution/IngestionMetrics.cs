using System.Diagnostics;
using System.Diagnostics.Metrics;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Resolution;

/// <summary>
/// What ingestion does and where its time goes, published on the <c>Comerix.Crm</c> meter: read it with
/// <c>dotnet-counters monitor --counters Comerix.Crm</c> or an OpenTelemetry exporter. One static meter, like the
/// database providers', because the engine also runs outside dependency injection (benchmarks, tests, tools).
/// </summary>
internal static class IngestionMetrics
{
    public const string MeterName = "Comerix.Crm";

    /// <summary>Events ingested, tagged <c>outcome</c> (created, attached, merged, ...).</summary>
    public const string EventsInstrument = "comerix.crm.ingest.events";

    /// <summary>The tag of <see cref="EventsInstrument"/>: the outcome as the events API spells it (<see cref="IngestOutcomes.Name"/>).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Seconds per phase of an engine transaction, tagged <see cref="PhaseTag"/>: see the <c>...Phase</c> constants.</summary>
    public const string PhaseDurationInstrument = "comerix.crm.ingest.phase.duration";

    /// <summary>The tag of <see cref="PhaseDurationInstrument"/>.</summary>
    public const string PhaseTag = "phase";

    /// <summary>Reading the batch's stored events, identifiers and contacts.</summary>
    public const string ReadPhase = "read";

    /// <summary>The resolution rules, applied event by event in memory.</summary>
    public const string ResolvePhase = "resolve";

    /// <summary>Sending the transaction's rows to the database.</summary>
    public const string WritePhase = "write";

    /// <summary>The database's commit (on SQLite: the WAL write, and now and then a checkpoint).</summary>
    public const string CommitPhase = "commit";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Events = Meter.CreateCounter<long>(EventsInstrument, "{event}", "Events ingested, by outcome.");
    private static readonly Histogram<double> PhaseDuration = Meter.CreateHistogram<double>(
        PhaseDurationInstrument, "s", "Time an identity-engine transaction spent in each phase (read and resolve: ingestion only).");

    internal static void Ingested(IReadOnlyList<IngestResult> results)
    {
        if (!Events.Enabled)
        {
            return;
        }
        foreach (var result in results)
        {
            Events.Add(1, new KeyValuePair<string, object?>(OutcomeTag, IngestOutcomes.Name(result.Outcome)));
        }
    }

    /// <summary>Records the time since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>) for <paramref name="phase"/>.</summary>
    internal static void PhaseDone(string phase, long startedAt)
    {
        if (PhaseDuration.Enabled)
        {
            PhaseDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>(PhaseTag, phase));
        }
    }
}

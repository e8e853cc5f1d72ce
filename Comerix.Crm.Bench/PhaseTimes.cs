using System.Diagnostics.Metrics;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Bench;

/// <summary>Adds up the engine's phase durations (the <see cref="IngestionMetrics"/> meter) over a benchmark run.</summary>
internal sealed class PhaseTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _seconds = [];

    public PhaseTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == IngestionMetrics.MeterName && instrument.Name == IngestionMetrics.PhaseDurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: IngestionMetrics.PhaseTag, Value: string phase })
                {
                    lock (_seconds)
                    {
                        _seconds[phase] = _seconds.GetValueOrDefault(phase) + seconds;
                    }
                }
            }
        });
        _listener.Start();
    }

    /// <summary>For example <c>read=6.4s resolve=10.7s write=21.0s commit=18.3s</c>.</summary>
    public override string ToString()
    {
        lock (_seconds)
        {
            return string.Join(" ", new[] { IngestionMetrics.ReadPhase, IngestionMetrics.ResolvePhase, IngestionMetrics.WritePhase, IngestionMetrics.CommitPhase }
                .Select(p => FormattableString.Invariant($"{p}={_seconds.GetValueOrDefault(p):F1}s")));
        }
    }

    public void Dispose() => _listener.Dispose();
}

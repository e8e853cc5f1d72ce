using System.Diagnostics;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Bench;

/// <summary>
/// How long a caller waits for its event to be committed while the site is busy: single events handed to the
/// site's group-commit writer (what the native events API and the in-process sink hand events to, after the same
/// validation) at a steady rate, each from its own concurrent producer. Open loop: an event is submitted at its
/// scheduled time whether or not earlier ones were answered, and its wait counts from that scheduled time, so a
/// stall delays every event behind it as it would delay real requests (a closed loop would slow down with the site
/// and hide the stall).
/// </summary>
internal static class AckLatencyProbe
{
    private const string Tenant = "Default";

    public sealed record Result(double LoadPerSecond, double P50Milliseconds, double P99Milliseconds);

    public static async Task<Result> RunAsync(IdentityEngine engine, string provider, IReadOnlyList<CrmEvent> events, double perSecond)
    {
        var waits = new double[events.Count];
        var submissions = new List<Task>(events.Count);
        await using (var writer = new GroupCommitWriter(engine, GroupCommitWriter.MaxGroupEventsFor(provider)))
        {
            var start = Stopwatch.GetTimestamp();
            var next = 0;
            while (next < events.Count)
            {
                var due = Math.Min(events.Count, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond) + 1);
                for (; next < due; next++)
                {
                    var scheduled = start + (long)(next / perSecond * Stopwatch.Frequency);
                    submissions.Add(SubmitAsync(writer, events[next], scheduled, waits, next));
                }
                // About a millisecond: the events due meanwhile go out together on the next turn, each timed from its own schedule.
                await Task.Delay(1);
            }
            var offered = events.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
            await Task.WhenAll(submissions);
            Array.Sort(waits);
            return new Result(offered, Percentile(waits, 0.50), Percentile(waits, 0.99));
        }
    }

    private static async Task SubmitAsync(GroupCommitWriter writer, CrmEvent e, long scheduled, double[] waits, int index)
    {
        // Off the dispatching loop at once, as a request would be on its own thread.
        await Task.Yield();
        if (CrmEventValidator.ValidateBatch([e]) is { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"The generated event {e.Id} is invalid: {errors[0]}");
        }
        await writer.IngestAsync(Tenant, [e]);
        waits[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}

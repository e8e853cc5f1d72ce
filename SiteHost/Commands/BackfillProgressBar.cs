using System.Diagnostics;
using Comerix.Crm.Backfill;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// An import's progress on standard error: on a terminal, one line redrawn in place (bar, line, events/s, % of the
/// file, time left); otherwise (a log, a pipe) a plain line every <see cref="PlainEvery"/>, so a log is not flooded.
/// </summary>
internal sealed class BackfillProgressBar(TextWriter error, bool terminal)
{
    private const int BarWidth = 24;

    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _sinceShown = Stopwatch.StartNew();
    private bool _drawn;

    public void Show(BackfillProgress progress)
    {
        if (_sinceShown.Elapsed < (terminal ? RedrawEvery : PlainEvery))
        {
            return;
        }
        _sinceShown.Restart();
        var fraction = progress.Fraction;
        var where = $"line {progress.LineNumber:N0}  {progress.EventsPerSecond:N0} events/s"
            + (fraction is { } f ? $"  {f * 100:F0}% of the file" : "")
            + (progress.Remaining is { } left ? $"  {Duration(left)} left" : "");
        if (terminal)
        {
            var filled = (int)Math.Round((fraction ?? 0) * BarWidth);
            var bar = fraction is null ? "" : "[" + new string('#', filled) + new string('-', BarWidth - filled) + "]  ";
            // \r back to the line's start, ESC[K clears what a longer line left.
            error.Write($"\r{bar}{where}\u001b[K");
            _drawn = true;
        }
        else
        {
            error.WriteLine($"events import: {where}");
        }
    }

    /// <summary>Removes the bar before the summary is printed.</summary>
    public void Clear()
    {
        if (_drawn)
        {
            error.Write("\r\u001b[K");
        }
    }

    private static string Duration(TimeSpan time) =>
        time.TotalHours >= 1 ? $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}" : $"{time.Minutes}:{time.Seconds:00}";
}

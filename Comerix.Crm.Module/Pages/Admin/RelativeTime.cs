using System.Net;

namespace Comerix.Crm.Pages.Admin;

/// <summary>"3 min ago", "yesterday", "12 Mar 2026": how a person reads recency in a list.</summary>
internal static class RelativeTime
{
    /// <param name="time">The site's zone, for a date shown in full; UTC when not given.</param>
    public static string Format(DateTime utc, DateTime now, SiteTime? time = null)
    {
        var ago = now - utc;
        var text = ago.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => $"{(int)ago.TotalMinutes} min ago",
            < 86400 => $"{(int)ago.TotalHours} h ago",
            < 2 * 86400 => "yesterday",
            < 7 * 86400 => $"{(int)ago.TotalDays} days ago",
            _ => Absolute(utc, now, time),
        };
        return WebUtility.HtmlEncode(text);
    }

    private static string Absolute(DateTime utc, DateTime now, SiteTime? time)
    {
        var local = time?.ToLocal(utc) ?? utc;
        var today = time?.ToLocal(now) ?? now;
        return local.ToString(local.Year == today.Year ? "d MMM" : "d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Net;

namespace Comerix.Crm.Pages.Admin;

/// <summary>"3 min ago", "yesterday", "12 Mar 2026": how a person reads recency in a list.</summary>
public static class RelativeTime
{
    public static string Format(DateTime utc, DateTime now)
    {
        var ago = now - utc;
        var text = ago.TotalSeconds switch
        {
            < 60 => "just now",
            < 3600 => $"{(int)ago.TotalMinutes} min ago",
            < 86400 => $"{(int)ago.TotalHours} h ago",
            < 2 * 86400 => "yesterday",
            < 7 * 86400 => $"{(int)ago.TotalDays} days ago",
            _ => utc.ToString(utc.Year == now.Year ? "d MMM" : "d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
        };
        return WebUtility.HtmlEncode(text);
    }
}

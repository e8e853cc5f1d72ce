using System.Globalization;

namespace Comerix.Crm.Pages.Admin;

/// <summary>
/// The site's time zone (<see cref="CrmOptions.TimeZone"/>) for what a person reads on the admin pages: times,
/// timeline days, "today" on the inbox tiles. What is stored, exported and served by the APIs stays UTC.
/// </summary>
public sealed class SiteTime
{
    /// <exception cref="InvalidOperationException">The zone is not one this server knows (checked when the host starts).</exception>
    public SiteTime(CrmOptions options)
    {
        var id = string.IsNullOrWhiteSpace(options.TimeZone) ? "UTC" : options.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            throw new InvalidOperationException(
                $"Crm:TimeZone \"{id}\" is not a time zone this server knows. Use an IANA id such as \"Europe/Berlin\", " +
                "\"America/New_York\" or \"UTC\" (the server reads them from its tzdata).");
        }
        Zone = zone;
        Label = zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime ? "UTC" : zone.Id;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>How pages name the zone: "UTC", or its IANA id ("Europe/Berlin").</summary>
    public string Label { get; }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A stored (UTC) time in the site's zone, with a .NET date format ("d MMM yyyy, HH:mm").</summary>
    public string Format(DateTime utc, string format) => ToLocal(utc).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A stored time for a <c>datetime</c> attribute: ISO 8601 with its Z, so machines read it as UTC.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822",
        Justification = "Pages call it on the injected SiteTime beside its other formats (Time.Iso, Time.Format).")]
    public string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>The UTC instant the site's current day began.</summary>
    public DateTime StartOfTodayUtc(DateTimeOffset now)
    {
        var midnight = ToLocal(now.UtcDateTime).Date;
        // Where a clock change skips midnight (it does in a few zones), the day starts at its first real minute.
        while (Zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(15);
        }
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(midnight, DateTimeKind.Unspecified), Zone);
    }
}

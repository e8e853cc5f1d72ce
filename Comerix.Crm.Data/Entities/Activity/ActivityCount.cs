namespace Comerix.Crm.Activity;

/// <summary>
/// What arrived in one quarter hour of a tenant's day: events received (a conversion among them counted again on its
/// own) and contacts created that are still live. Kept by the unit of work that writes or removes those rows, in the
/// same transaction, so the Activity tiles add up a day's quarters instead of counting its rows.
/// Quarter hours because every time zone's midnight falls on one (Kathmandu's +5:45 and Chatham's +12:45 included).
/// </summary>
internal sealed class ActivityCount
{
    public static readonly TimeSpan BucketLength = TimeSpan.FromMinutes(15);

    public required string TenantId { get; set; }

    /// <summary>The quarter hour's start, UTC.</summary>
    public DateTime BucketStart { get; set; }

    public long Events { get; set; }
    public long Conversions { get; set; }
    public long NewContacts { get; set; }

    public static DateTime BucketOf(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % BucketLength.Ticks, DateTimeKind.Utc);
}

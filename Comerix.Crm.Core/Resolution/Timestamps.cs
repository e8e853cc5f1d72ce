namespace Comerix.Crm.Resolution;

internal static class Timestamps
{
    /// <summary>UTC, truncated to the microsecond: the finest precision both SQLite text and PostgreSQL timestamptz keep,
    /// so a value read back equals the value written on either provider.</summary>
    public static DateTime Normalize(DateTimeOffset value) => new(value.UtcTicks - value.UtcTicks % 10, DateTimeKind.Utc);

    public static DateTime Normalize(DateTime utc) => new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
}

namespace Comerix.Crm.Hosting;

/// <summary>
/// How many site processes serve this database, as this process last counted them (<see cref="SiteProcessHeartbeat"/>):
/// 1 until it has, and always on SQLite (one machine, one site process). A limit meant for the whole site is enforced
/// by each process as its share, the limit divided by this count, so no request waits for a database round trip.
/// </summary>
internal sealed class LiveSiteProcesses
{
    private int _count = 1;

    public int Count => Volatile.Read(ref _count);

    public void Counted(int processes) => Volatile.Write(ref _count, Math.Max(1, processes));

    /// <summary>
    /// What <paramref name="cost"/> costs from a bucket of this process: the cost times the processes sharing the limit
    /// (so a bucket of the site's size, spent <see cref="Count"/> times faster, lets through this process's share),
    /// at most <paramref name="cap"/> (a bucket's size, which no single take may exceed).
    /// </summary>
    public int Share(int cost, int cap) => (int)Math.Min(Math.Max(1, cap), (long)cost * Count);
}

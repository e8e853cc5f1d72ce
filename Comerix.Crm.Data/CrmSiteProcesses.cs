using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data;

/// <summary>
/// The site processes serving this database (<c>crm_site_processes</c>): each says it is alive every few seconds and
/// learns how many are, so a limit meant for the whole site can be shared out without a query per request. Times are
/// the database's clock on PostgreSQL (processes on several machines would otherwise compare clocks that disagree),
/// the process's on SQLite (one machine).
/// </summary>
internal sealed class CrmSiteProcesses(CrmDatabase database, TimeProvider time)
{
    /// <summary>Marks <paramref name="processId"/> alive now, forgets processes silent for <paramref name="alive"/>, and counts the rest.</summary>
    /// <returns>How many processes (this one included) said they were alive within <paramref name="alive"/>.</returns>
    public async Task<int> BeatAsync(string processId, string machine, TimeSpan alive, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var now = await NowAsync(db, cancellationToken);
        var seen = await db.SiteProcesses.Where(p => p.Id == processId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SeenAt, now), cancellationToken);
        if (seen == 0)
        {
            db.SiteProcesses.Add(new SiteProcess { Id = processId, Machine = machine, StartedAt = now, SeenAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }
        var silentSince = now - alive;
        await db.SiteProcesses.Where(p => p.SeenAt < silentSince).ExecuteDeleteAsync(cancellationToken);
        return Math.Max(1, await db.SiteProcesses.CountAsync(cancellationToken));
    }

    /// <summary>A process stopping on purpose leaves at once, so the others take over its share without waiting.</summary>
    public async Task LeaveAsync(string processId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        await db.SiteProcesses.Where(p => p.Id == processId).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<DateTime> NowAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.IsPostgres
            ? await db.Database.SqlQueryRaw<DateTime>("SELECT now() AS \"Value\"").SingleAsync(cancellationToken)
            : time.GetUtcNow().UtcDateTime;
}

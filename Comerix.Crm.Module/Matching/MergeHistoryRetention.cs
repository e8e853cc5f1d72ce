using Comerix.Crm.Data;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Comerix.Crm.Matching;

/// <summary>
/// A merge's record of what moved holds both people's identifiers: once the merge can no longer be undone
/// (<see cref="MergeUndoRules.Window"/>) it is deleted, hourly, in every tenant. The merge itself stays listed (who,
/// when, how), and the undo page says why it is too old.
/// </summary>
internal sealed class MergeHistoryRetention(IServiceScopeFactory scopes, TimeProvider time, IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await Hosting.HostStarted.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next round tries again; nothing is lost by waiting (the rows are only kept longer).
            }
        }
        while (await WaitAsync(stoppingToken));
    }

    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Interval, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await PurgeAsync(scope.ServiceProvider.GetRequiredService<CrmDatabase>(), time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>One round over every tenant of <paramref name="database"/>, as of <paramref name="now"/>.</summary>
    public static async Task PurgeAsync(CrmDatabase database, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var cutoff = now - MergeUndoRules.Window;
        var expired = db.MergeHistory.Where(m => m.MergedAt < cutoff && m.State == MergeUndoRules.Done);
        await db.MergeHistoryRows.Where(r => expired.Any(m => m.TenantId == r.TenantId && m.Id == r.MergeId)).ExecuteDeleteAsync(cancellationToken);
        await expired.Where(m => m.SurvivorBeforeJson != null)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.SurvivorBeforeJson, (string?)null), cancellationToken);
    }
}

using Comerix.Crm.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Hosting;

/// <summary>
/// On PostgreSQL, where several site processes may share the database: says every <see cref="CrmOptions.StateCheckInterval"/>
/// that this process is alive (<c>crm_site_processes</c>) and counts the processes that said so within three intervals
/// (<see cref="LiveSiteProcesses"/>). A process that stops on purpose leaves at once; one that is killed is forgotten
/// three intervals later, until when the others keep enforcing the smaller share. SQLite is one machine and one site
/// process: nothing to count.
/// </summary>
internal sealed class SiteProcessHeartbeat(
    CrmDatabase database, CrmSiteProcesses processes, LiveSiteProcesses live, CrmOptions options,
    IHostApplicationLifetime lifetime, ILogger<SiteProcessHeartbeat> logger) : BackgroundService
{
    private readonly string _processId = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != CrmDatabaseProviders.Postgres || !await StartedAsync(stoppingToken))
        {
            return;
        }
        var interval = options.StateCheckInterval;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                live.Counted(await processes.BeatAsync(_processId, Environment.MachineName, interval * 3, stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                StorageLog.HeartbeatFailed(logger, live.Count, interval, e.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Once the host has started: the host's own set-up (SiteHost migrates before it listens) has made the table.</summary>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (database.Provider == CrmDatabaseProviders.Postgres)
        {
            try
            {
                await processes.LeaveAsync(_processId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Forgotten by the others three intervals from now instead.
                StorageLog.HeartbeatFailed(logger, live.Count, options.StateCheckInterval, e.GetType().Name);
            }
        }
    }
}

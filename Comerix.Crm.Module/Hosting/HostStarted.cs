using Microsoft.Extensions.Hosting;

namespace Comerix.Crm.Hosting;

/// <summary>
/// For background jobs that read the CRM's tables: the host has started (every hosted service's start, and a host's own
/// set-up before it, has run, so the database is migrated).
/// </summary>
internal static class HostStarted
{
    /// <returns>False when the host stops before it has started.</returns>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

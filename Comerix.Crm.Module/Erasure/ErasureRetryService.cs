using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Erasure;

/// <summary>
/// Retries partial erasures until every eraser has run: every <see cref="CrmOptions.ErasureRetryInterval"/>, each
/// partial request of every tenant gets another attempt. Logs ids and eraser names, never values.
/// </summary>
internal sealed class ErasureRetryService(IServiceScopeFactory scopes, CrmOptions options, ILogger<ErasureRetryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ErasureRetryInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RetryAllAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ErasureLog.RetryRoundFailed(logger, ex.GetType().Name, options.ErasureRetryInterval);
            }
        }
    }

    public async Task RetryAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var erasure = scope.ServiceProvider.GetRequiredService<ContactErasureService>();
        // The retry serves every tenant: it finds partial erasures across tenants, then scopes the context (which the
        // erasure service shares) to each request's tenant.
        foreach (var request in await db.ErasureRequests.IgnoreQueryFilters([CrmDbContext.TenantFilter])
                     .Where(r => r.Status == ErasureStatus.Partial).ToListAsync(cancellationToken))
        {
            db.ScopeTo(request.TenantId);
            var result = await erasure.RetryAsync(request, cancellationToken);
            ErasureLog.Retried(logger, request.ContactId, request.TenantId, result.Outcome, request.Attempts);
        }
    }
}

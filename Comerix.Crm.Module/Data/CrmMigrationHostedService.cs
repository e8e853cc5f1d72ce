using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Data;

/// <summary>Brings the schema up to date before the host starts serving requests.</summary>
internal sealed class CrmMigrationHostedService(CrmDatabase database, CrmOptions options, ILogger<CrmMigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.MigrateOnStartup)
        {
            return;
        }
        await database.MigrateAsync(cancellationToken);
        logger.LogInformation("Comerix CRM database is up to date ({Provider}).", database.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

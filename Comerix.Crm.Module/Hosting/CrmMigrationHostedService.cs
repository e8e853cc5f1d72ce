using Comerix.Crm.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Hosting;

/// <summary>
/// Brings the schema up to date before the host starts serving requests, then runs the one-time data steps
/// (<see cref="CrmDataSteps"/>, recorded in <c>crm_data_steps</c>, so each runs once). A host that migrates itself
/// (SiteHost's SiteSetup) turns this off and runs the data steps after its own migration.
/// </summary>
internal sealed class CrmMigrationHostedService(
    CrmDatabase database, CrmOptions options, CrmDataSteps dataSteps, ILogger<CrmMigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.MigrateOnStartup)
        {
            return;
        }
        await database.MigrateAsync(cancellationToken);
        StorageLog.Migrated(logger, database.Provider);

        await dataSteps.RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

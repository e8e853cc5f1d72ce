using Comerix.Crm.Identity.Resolution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Data;

/// <summary>
/// Brings the schema up to date before the host starts serving requests, then runs the one-time data steps
/// (recorded per tenant in <c>crm_data_steps</c>, so each runs once): today the phone re-key to libphonenumber.
/// </summary>
internal sealed class CrmMigrationHostedService(
    CrmDatabase database, CrmOptions options, PhoneRekeyStep phoneRekey, ILogger<CrmMigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.MigrateOnStartup)
        {
            return;
        }
        await database.MigrateAsync(cancellationToken);
        logger.LogInformation("Comerix CRM database is up to date ({Provider}).", database.Provider);

        foreach (var report in await phoneRekey.RunAsync(cancellationToken))
        {
            // Counts only: the numbers are personal data.
            logger.LogInformation(
                "Phone keys of tenant {Tenant} brought to libphonenumber's E.164: {Unchanged} unchanged, {Rekeyed} re-keyed, " +
                "{Merged} merged, {Queued} queued for review, {KeptNotValid} kept as stored (not valid numbers).",
                report.TenantId, report.Unchanged, report.Rekeyed, report.Merged, report.Queued, report.KeptNotValid);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Comerix.Crm;
using Comerix.Crm.Data;
using Comerix.SiteHost.Commands;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Extensions;

/// <summary>The CRM module, on the data folder and database the command line names, with the "Crm" settings.</summary>
public static class CrmExtensions
{
    public static void AddCrm(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var dataDirectory = StartupSettings.DataDirectory(configuration, builder.Environment);
        // Every "Crm:" setting binds (and is checked) in the module; the site adds where its data lives.
        builder.Services.AddComerixCrm(configuration, crm =>
        {
            crm.DataDirectory = dataDirectory;
            crm.DatabaseProvider = configuration["database"] ?? CrmDatabaseProviders.Sqlite;
            crm.ConnectionString = StartupSettings.Connection(configuration);
            // The site migrates (and sets up) itself before it listens; see SiteSetup.
            crm.MigrateOnStartup = false;
        });
    }

    /// <summary>
    /// Reads (and so checks) the module's settings now: a bad one ends the process with the one line that names it
    /// (see <see cref="StartupSettings.ExitOnSettingProblem"/>) instead of the host's start-up failure and stack trace.
    /// </summary>
    public static void ReadCrmSettings(this IServiceProvider services) =>
        _ = services.GetRequiredService<IOptions<CrmOptions>>().Value;
}

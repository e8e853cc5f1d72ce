using Comerix.Crm;
using Comerix.Crm.Data;
using Comerix.SiteHost.Commands;

namespace Comerix.SiteHost.Extensions;

/// <summary>The CRM module, on the data folder and database the command line names.</summary>
public static class CrmExtensions
{
    public static void AddCrm(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var dataDirectory = StartupSettings.DataDirectory(configuration, builder.Environment);
        builder.Services.AddComerixCrm(crm =>
        {
            crm.DataDirectory = dataDirectory;
            crm.DatabaseProvider = configuration["database"] ?? CrmDatabaseProviders.Sqlite;
            crm.ConnectionString = StartupSettings.Connection(configuration);
            // The site migrates (and sets up) itself before it listens; see SiteSetup.
            crm.MigrateOnStartup = false;
            configuration.GetSection("Crm:Resolution").Bind(crm.Resolution);
            configuration.GetSection("Crm:Api").Bind(crm.Api);
            configuration.GetSection("Crm:Webhooks").Bind(crm.Webhooks);
            crm.TimeZone = configuration["Crm:TimeZone"] ?? crm.TimeZone;
            crm.StateCheckInterval = configuration.GetValue("Crm:StateCheckInterval", crm.StateCheckInterval);
        });
    }
}

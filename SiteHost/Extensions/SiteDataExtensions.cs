using Comerix.Crm.Data;
using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Extensions;

/// <summary>The site's own tables (tenants, users, roles), in the CRM's database with their own migrations history, and the set-up that makes them.</summary>
public static class SiteDataExtensions
{
    public static void AddSiteData(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContext<SiteDbContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<CrmDatabase>();
            if (database.Provider == CrmDatabaseProviders.Postgres)
            {
                options.UseNpgsql(database.ConnectionString, o => o.MigrationsHistoryTable("__site_migrations"));
            }
            else
            {
                options.UseSqlite(database.ConnectionString, o => o.MigrationsHistoryTable("__site_migrations"))
                    .AddInterceptors(Comerix.Crm.Data.Sql.SqliteSecureDeleteInterceptor.Instance);
            }
        });
        builder.Services.AddSingleton<SiteSetup>();
    }

    /// <summary>The server migrates and sets up the site before it listens (a command runs the same set-up itself).</summary>
    public static void AddSetupBeforeListening(this WebApplicationBuilder builder) =>
        builder.Services.AddHostedService<SiteSetupHostedService>();
}

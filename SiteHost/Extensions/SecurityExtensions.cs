using Comerix.Crm;
using Comerix.SiteHost.Security;
using Microsoft.AspNetCore.Authorization;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Comerix.SiteHost.Commands;

namespace Comerix.SiteHost.Extensions;

/// <summary>
/// Who may do what: users, roles and sign-in (ASP.NET Core Identity, one user store per tenant), the role grants
/// behind the module's permissions, the keys that protect cookies and secrets, the first administrator, and the
/// proxies whose forwarded headers the site believes.
/// </summary>
public static class SecurityExtensions
{
    public static void AddSecurity(this WebApplicationBuilder builder)
    {
        // Read now, so a mistyped proxy address stops the site before it listens.
        builder.Services.AddSingleton(new TrustedProxySettings(TrustedProxies.Options(builder.Configuration)));
        builder.Services.AddIdentity<SiteUser, SiteRole>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 8;
            })
            .AddEntityFrameworkStores<Data.SiteDbContext>()
            .AddSignInManager<SiteSignInManager>()
            .AddClaimsPrincipalFactory<SiteClaimsPrincipalFactory>();
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.Cookie.Name = ".Comerix.Auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.CookieManager = new TenantCookieManager();
            options.Events.OnValidatePrincipal = async context =>
            {
                await SecurityStampValidator.ValidatePrincipalAsync(context);
                if (context.Principal is not null)
                {
                    await SiteClaims.RejectOtherTenants(context);
                }
                if (context.Principal is not null)
                {
                    await SessionStamp.RejectStaleAsync(context);
                }
            };
            // Signed in but lacking the permission: a real 403 (rendered by the status code page), not a redirect.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        // A sign-in carries the user's roles. Read them again (and notice a deleted user) as often as the state a server
        // keeps in memory, so a change made by any process takes effect within Crm:StateCheckInterval, not Identity's 30 minutes.
        builder.Services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<CrmOptions>((validator, crm) => validator.ValidationInterval = crm.StateCheckInterval);
        // Named, not told apart by the install folder (the default): webhook secrets stay protected by these keys for
        // years, and must read back after the site is installed somewhere else.
        builder.Services.AddDataProtection().SetApplicationName("Comerix CRM");
        var keysFolder = Path.Combine(StartupSettings.DataDirectory(builder.Configuration, builder.Environment), "keys");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<CrmDatabase, IServiceProvider>((options, database, services) =>
            // PostgreSQL: in the database, so every site process sharing it reads the same key ring (a sign-in made through
            // one is valid on all). SQLite is one machine: the keys stay in the data folder beside the database file and
            // the audit key, where every existing site has them.
            options.XmlRepository = database.Provider == CrmDatabaseProviders.Postgres
                ? new DatabaseKeyRepository(new CrmDataProtectionKeys(database), services.GetRequiredService<AuditSigner>(), keysFolder)
                : new FileSystemXmlRepository(new DirectoryInfo(keysFolder), services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<RoleGrants>();
        builder.Services.AddScoped<IAuthorizationHandler, RolePermissionHandler>();
        builder.Services.AddScoped<UserAccounts>();
        builder.Services.AddScoped<Comerix.Crm.Contacts.Work.ICrmTeam, SiteTeam>();
        builder.Services.AddSingleton<AdministratorBootstrap>();
    }

    /// <summary>
    /// First in the pipeline, so the sign-in cookie, redirects and logs see the scheme and address the client used
    /// (when <c>Crm:ForwardedHeaders:KnownProxies</c> names the proxies), then the headers every response carries.
    /// </summary>
    public static void UseSecurity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TrustedProxySettings>().Options is { } forwardedHeaders)
        {
            app.UseForwardedHeaders(forwardedHeaders);
        }
        app.UseMiddleware<SecurityHeaders>();
    }

    /// <summary>The forwarded-headers options read at start-up; null when no proxy is named.</summary>
    private sealed record TrustedProxySettings(ForwardedHeadersOptions? Options);
}

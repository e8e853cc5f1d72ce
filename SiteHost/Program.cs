using Comerix.Crm;
using Comerix.Crm.Activity;
using Comerix.Crm.Api;
using Comerix.Crm.Data;
using Comerix.Crm.Erasure;
using Comerix.Crm.Navigation;
using Comerix.Crm.Recipes;
using Comerix.Crm.Tenancy;
using Comerix.SiteHost.Commands;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Comerix.SiteHost.Pages.Shared;
using Comerix.SiteHost.Recipes;
using Comerix.SiteHost.Security;
using Comerix.SiteHost.Telemetry;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

// A setting the site cannot use (a mistyped time zone, provider or number) ends it with one line naming the setting.
StartupSettings.ExitOnSettingProblem();
var command = SiteCommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(command is null ? args : command.HostArguments().ToArray());
StartupSettings.Check(builder.Configuration);

if (command is not null)
{
    // Commands print their own results; the framework's request and query logs would drown them. A setting, so
    // appsettings.json's "Default": "Information" does not win over it (tenant create's output was lost in set-up lines).
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
}

// The module's scripts live in its Razor Class Library (_content/Comerix.Crm.Module/…). ASP.NET Core serves them
// from the build output only in Development by default; `dotnet run` without a launch profile is Production.
builder.WebHost.UseStaticWebAssets();
// No request needs more: the admin's forms are small and the APIs stop at 1 MiB (Crm:Api:MaxRequestBodyBytes).
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024);

// Read now, so a mistyped proxy address stops the site before it listens.
var forwardedHeaders = TrustedProxies.Options(builder.Configuration);
// A relative --data-dir is read from the folder the command was typed in (dotnet run starts the site in SiteHost/).
var dataDirectory = builder.Configuration["data-dir"] is { } dataDir
    ? StartupSettings.FullPath(builder.Configuration, dataDir)
    : Path.Combine(builder.Environment.ContentRootPath, "App_Data");
builder.Services.AddComerixCrm(crm =>
{
    crm.DataDirectory = dataDirectory;
    crm.DatabaseProvider = builder.Configuration["database"] ?? CrmDatabaseProviders.Sqlite;
    crm.ConnectionString = StartupSettings.Connection(builder.Configuration);
    // The site migrates (and sets up) itself before it listens; see SiteSetup.
    crm.MigrateOnStartup = false;
    builder.Configuration.GetSection("Crm:Resolution").Bind(crm.Resolution);
    builder.Configuration.GetSection("Crm:Api").Bind(crm.Api);
    builder.Configuration.GetSection("Crm:Webhooks").Bind(crm.Webhooks);
    crm.TimeZone = builder.Configuration["Crm:TimeZone"] ?? crm.TimeZone;
    crm.StateCheckInterval = builder.Configuration.GetValue("Crm:StateCheckInterval", crm.StateCheckInterval);
});

// Tenants: resolved per request, shared by the CRM module through ICrmTenantAccessor.
builder.Services.AddSingleton<TenantRegistry>();
builder.Services.AddScoped<CurrentTenant>();
builder.Services.AddScoped<ICrmTenantAccessor>(sp => sp.GetRequiredService<CurrentTenant>());
builder.Services.AddSingleton<ITenantFeatures, SiteTenantFeatures>();

// The site's own tables live in the CRM's database, with their own migrations history.
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

// Users, roles and sign-in: ASP.NET Core Identity, one user store per tenant (the context's query filter).
builder.Services.AddIdentity<SiteUser, SiteRole>(options =>
    {
        options.Password.RequiredLength = 10;
        options.Password.RequireNonAlphanumeric = false;
        options.User.RequireUniqueEmail = true;
        options.Lockout.MaxFailedAccessAttempts = 8;
    })
    .AddEntityFrameworkStores<SiteDbContext>()
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
builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
builder.Services.AddSingleton<RoleGrants>();
builder.Services.AddScoped<IAuthorizationHandler, RolePermissionHandler>();
builder.Services.AddScoped<UserAccounts>();
builder.Services.AddSingleton<SiteSetup>();
builder.Services.AddSingleton<AdministratorBootstrap>();
builder.Services.AddScoped<AdminMenu>();

// Recipe steps the site contributes, and the demo sources (which hold PII and so register an eraser).
builder.Services.AddScoped<IRecipeStepHandler, FeatureStep>();
builder.Services.AddScoped<IRecipeStepHandler, RolesStep>();
builder.Services.AddScoped<IRecipeStepHandler, DemoDataStep>();
builder.Services.AddScoped<IPersonalDataEraser, DemoDataEraser>();
builder.Services.AddScoped<DemoStorefront>();
builder.Services.AddSingleton<IRecordLinkProvider, DemoRecordLinks>();
builder.Services.AddSingleton<INavigationProvider, DemoAdminMenu>();

// OpenTelemetry: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, /metrics when Crm:Telemetry:Prometheus is on; else
// nothing. Only for the serving site: a command prints its result and exits.
if (command is null)
{
    builder.AddSiteTelemetry();
}

builder.Services.AddRazorPages(options => options.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()));

if (command is null)
{
    builder.Services.AddHostedService<SiteSetupHostedService>();
}

var app = builder.Build();

if (command is not null)
{
    return await command.RunAsync(app.Services, Console.Out, Console.Error);
}

if (forwardedHeaders is not null)
{
    // First, so the sign-in cookie, redirects and logs see the scheme and address the client used.
    app.UseForwardedHeaders(forwardedHeaders);
}
app.UseMiddleware<SecurityHeaders>();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error/500");
}
// Friendly status pages for people; the APIs answer with problem+json of their own, also where routing answered
// (a path no endpoint has, an id that does not fit its route, a method the path does not take).
app.UseWhen(context => !IsApiRequest(context.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
app.UseWhen(context => IsApiRequest(context.Request.Path), api => api.UseCrmApiStatusProblems());
app.UseStaticFiles();
app.UseMiddleware<TenantResolutionMiddleware>();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapComerixCrm();
app.MapRazorPages();
app.MapSiteTelemetry();
await app.RunAsync();
return 0;

// Runs before the tenant's /t/{prefix} is moved into PathBase, so a prefix is skipped here.
static bool IsApiRequest(PathString path)
{
    if (path.StartsWithSegments("/t", out var rest) && rest.Value is { Length: > 1 } value)
    {
        var next = value.IndexOf('/', 1);
        path = next < 0 ? PathString.Empty : new PathString(value[next..]);
    }
    return path.StartsWithSegments("/api") || path.StartsWithSegments("/v1") || path.StartsWithSegments("/sourceConfig")
        || path.StartsWithSegments("/openapi");
}

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;

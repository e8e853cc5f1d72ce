using Comerix.Crm;
using Comerix.SiteHost.Commands;
using Comerix.SiteHost.Extensions;
using Comerix.SiteHost.Telemetry;

// A setting the site cannot use (a mistyped time zone, provider or number) ends it with one line naming the setting.
StartupSettings.ExitOnSettingProblem();
var commandLine = SiteCommandLine.Parse(args);
if (!commandLine.StartsServer && !commandLine.RunsCommand)
{
    // --help, --version, or arguments the site does not take: answered without building the site.
    return commandLine.Answer(Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(commandLine.HostArguments());
builder.AddWebServer();
builder.AddCrm();
builder.AddTenancy();
builder.AddSiteData();
builder.AddSecurity();
builder.AddRecipes();
builder.AddDemoStorefront();
builder.AddHealth();

if (commandLine.RunsCommand)
{
    builder.QuietLogsForCommands();
    var site = builder.Build();
    site.Services.ReadCrmSettings();
    return await commandLine.RunAsync(site.Services, Console.Out, Console.Error);
}

// OpenTelemetry, only when something will read it (see SiteTelemetry); only for the serving site, as is the set-up
// before it listens: a command runs that itself, prints its result and exits.
builder.AddSiteTelemetry();
builder.AddSetupBeforeListening();

var app = builder.Build();
app.Services.ReadCrmSettings();
app.UseSecurity();
app.UseErrorPages();
app.UseStaticFiles();
app.UseTenancy();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapHealth();
app.MapComerixCrm();
app.MapRazorPages();
app.MapSiteTelemetry();
await app.RunAsync();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;

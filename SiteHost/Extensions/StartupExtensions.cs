using Comerix.SiteHost.Commands;
using Comerix.SiteHost.Pages.Shared;

namespace Comerix.SiteHost.Extensions;

/// <summary>How the process starts: its settings checked first, the web server's limits, and a quiet log for commands.</summary>
public static class StartupExtensions
{
    /// <summary>
    /// Checks the storage settings before anything reads them, so a mistake stops the site with one line naming the
    /// setting (<see cref="StartupSettings"/>); then the web server and the pages.
    /// </summary>
    public static void AddWebServer(this WebApplicationBuilder builder)
    {
        StartupSettings.Check(builder.Configuration);
        // The module's scripts live in its Razor Class Library (_content/Comerix.Crm.Module/…). ASP.NET Core serves them
        // from the build output only in Development by default; `dotnet run` without a launch profile is Production.
        builder.WebHost.UseStaticWebAssets();
        // No request needs more: the admin's forms are small and the APIs stop at 1 MiB (Crm:Api:MaxRequestBodyBytes).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024);
        builder.Services.AddRazorPages(options => options.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()));
        builder.Services.AddScoped<AdminMenu>();
    }

    /// <summary>
    /// Commands print their own results; the framework's request and query logs would drown them. A setting, so
    /// appsettings.json's "Default": "Information" does not win over it (tenant create's output was lost in set-up lines).
    /// </summary>
    public static void QuietLogsForCommands(this WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
    }
}

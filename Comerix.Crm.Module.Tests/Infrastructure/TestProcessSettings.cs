using System.Runtime.CompilerServices;

namespace Comerix.Crm.Tests.Infrastructure;

/// <summary>Settings for every host the tests start, made once when the test assembly loads.</summary>
internal static class TestProcessSettings
{
    /// <summary>
    /// No host the tests start watches its appsettings files for changes: each watcher is an inotify instance, and
    /// the user's limit (128 on Debian) runs out when hundreds of short-lived test sites start, failing whichever site
    /// starts next ("The configured user limit (128) on the number of inotify instances has been reached").
    /// </summary>
    [ModuleInitializer]
    internal static void DoNotWatchConfigurationFiles() =>
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}

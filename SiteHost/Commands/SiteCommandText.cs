namespace Comerix.SiteHost.Commands;

/// <summary>
/// One of the site's commands as the person must type it next: <c>dotnet run --project &lt;the SiteHost folder, seen
/// from where they typed the last command&gt; -- &lt;words&gt;</c>, on the same data (the data folder, provider and a
/// placeholder for the connection string, which may hold a password and is never printed).
/// </summary>
public static class SiteCommandText
{
    public static string For(IServiceProvider services, string words)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var project = "SiteHost";
        if (configuration[StartupSettings.InvokedFromOption] is { Length: > 0 })
        {
            // Seen from where the last command was typed: "SiteHost" at the repository's root, "." inside it; a
            // folder elsewhere gets the whole path rather than a climb of ../..
            var folder = services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            var relative = Path.GetRelativePath(StartupSettings.InvokedFrom(configuration), folder);
            project = relative.StartsWith("..", StringComparison.Ordinal) ? folder : relative;
        }
        var sameData = (configuration["data-dir"] is { } directory ? $" --data-dir {Quote(StartupSettings.FullPath(configuration, directory))}" : "")
            + (configuration["database"] is { } database ? $" --database {database}" : "")
            + (configuration["connection"] is not null ? " --connection '<the site's connection string>'" : "");
        return $"dotnet run --project {Quote(project)} -- {words}{sameData}";
    }

    /// <summary>A value as a POSIX shell reads it back: bare when it is plain, else in single quotes.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ':' or '@' or '+' or ',')
            ? value
            : "'" + value.Replace("'", "'\\''") + "'";
}

using System.Text.RegularExpressions;
using Comerix.Crm.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// What the site and its commands are started with, read before anything else: the folder the command was typed in
/// (relative paths are read from there), and a setting the site cannot use said in one line that names it, with a
/// non-zero exit code, instead of a stack trace.
/// </summary>
public static partial class StartupSettings
{
    /// <summary>Passed by <c>dotnet run</c> (see SiteHost.csproj), which starts the site in the project's folder.</summary>
    public const string InvokedFromOption = "invoked-from";

    public const int ProblemExitCode = 1;

    /// <summary>The folder the person typed the command in: where <c>dotnet run</c> was typed, else the process's own.</summary>
    public static string InvokedFrom(IConfiguration configuration) =>
        configuration[InvokedFromOption] is { Length: > 0 } folder && Directory.Exists(folder) ? folder : Directory.GetCurrentDirectory();

    /// <summary><paramref name="path"/> as the person meant it: a relative path is read from the folder they typed the command in.</summary>
    public static string FullPath(IConfiguration configuration, string path) => Path.GetFullPath(path, InvokedFrom(configuration));

    /// <summary>
    /// The data folder: <c>--data-dir</c> (a relative one read from the folder the command was typed in: dotnet run
    /// starts the site in SiteHost/), else App_Data beside the site.
    /// </summary>
    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["data-dir"] is { } directory ? FullPath(configuration, directory) : Path.Combine(environment.ContentRootPath, "App_Data");

    /// <summary>
    /// From here on, an exception that <see cref="Describe"/> recognises as a bad setting ends the process with one
    /// line on standard error and <see cref="ProblemExitCode"/>; anything else stays an error with its stack trace.
    /// </summary>
    public static void ExitOnSettingProblem() =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception exception && Describe(exception) is { } line)
            {
                Console.Error.WriteLine(line);
                Console.Error.Flush();
                Environment.Exit(ProblemExitCode);
            }
        };

    /// <summary>Checks the storage settings (read only when the host starts, where a mistake would surface as a hosting failure).</summary>
    /// <exception cref="SettingException">The provider is unknown, or PostgreSQL has no connection string.</exception>
    public static void Check(IConfiguration configuration)
    {
        var provider = (configuration["database"] ?? CrmDatabaseProviders.Sqlite).Trim().ToLowerInvariant();
        if (provider is not (CrmDatabaseProviders.Sqlite or CrmDatabaseProviders.Postgres))
        {
            throw new SettingException($"--database \"{configuration["database"]}\" is not a storage provider this site has: use sqlite (the default) or postgres.");
        }
        if (provider == CrmDatabaseProviders.Postgres && string.IsNullOrWhiteSpace(configuration["connection"]))
        {
            throw new SettingException("--database postgres needs --connection \"Host=…;Database=…;Username=…;Password=…\".");
        }
    }

    /// <summary>The <c>--connection</c> string; for SQLite, a relative file name is read from the folder the command was typed in.</summary>
    public static string? Connection(IConfiguration configuration)
    {
        var connection = configuration["connection"];
        if (string.IsNullOrWhiteSpace(connection)
            || !string.Equals(configuration["database"] ?? CrmDatabaseProviders.Sqlite, CrmDatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return connection;
        }
        var builder = new SqliteConnectionStringBuilder(connection);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(file))
        {
            builder.DataSource = FullPath(configuration, file);
        }
        return builder.ToString();
    }

    /// <summary>"The site did not start: &lt;the setting and what is wrong with it&gt;", or null when the exception is not about a setting.</summary>
    public static string? Describe(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && exception.InnerException is { } inner)
        {
            exception = inner;
        }
        var problem = exception switch
        {
            SettingException setting => setting.Message,
            OptionsValidationException validation => string.Join(" ", validation.Failures),
            InvalidOperationException when ConversionFailure().Match(exception.Message) is { Success: true } match =>
                match.Groups["value"].Success
                    ? $"{match.Groups["key"].Value} is \"{match.Groups["value"].Value}\", which is not {Expected(match.Groups["type"].Value)}."
                    : $"{match.Groups["key"].Value} must be {Expected(match.Groups["type"].Value)}.",
            // The module's and the site's own checks name their setting first ("Crm:TimeZone …", "Crm:ForwardedHeaders:KnownProxies: …").
            InvalidOperationException when exception.Message.StartsWith("Crm:", StringComparison.Ordinal) => exception.Message,
            _ => null,
        };
        return problem is null ? null : "The site did not start: " + problem;
    }

    private static string Expected(string type) => type switch
    {
        "System.TimeSpan" => "a time span (hh:mm:ss, e.g. 00:00:02)",
        "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
        "System.Boolean" => "true or false",
        "System.Double" or "System.Decimal" or "System.Single" => "a number",
        _ => $"a {type[(type.LastIndexOf('.') + 1)..]}",
    };

    // Microsoft.Extensions.Configuration.Binder's words, from Bind and from GetValue.
    [GeneratedRegex(@"^Failed to convert configuration value (?:'(?<value>.*?)' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    /// <summary>A start-up setting the site cannot use; the message names it.</summary>
    public sealed class SettingException(string message) : Exception(message);
}

namespace Comerix.SiteHost.Commands;

/// <summary>
/// Configuration settings given on the command line, <c>--Key VALUE</c> or <c>--Key=VALUE</c>: any key of
/// appsettings.json or an environment variable's name, so they cannot be declared one by one as options. Such keys
/// start with an upper-case letter (<c>--Crm:TimeZone Europe/Berlin</c>, <c>--Logging:LogLevel:Default=Warning</c>,
/// <c>--COMERIX_ADMIN_EMAIL</c>; WebApplicationFactory passes a test's whole configuration so, <c>--Crm=</c> too) or
/// hold a ':'. The site's options are lower-case (<c>--data-dir</c>), and one the command line does not know is
/// refused rather than silently read as a setting: a mistyped <c>--dta-dir</c> must not start the site on the
/// default data folder.
/// </summary>
public static class ConfigurationSettings
{
    /// <param name="Rest">The arguments that are not settings, in their order, for the parser.</param>
    /// <param name="HostArguments">The settings as <c>--key=value</c>, for the host's configuration.</param>
    /// <param name="Problem">A setting given without a value, said in one line; else null.</param>
    public sealed record Taken(IReadOnlyList<string> Rest, IReadOnlyList<string> HostArguments, string? Problem);

    public static Taken Take(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        var settings = new List<string>();
        string? problem = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..].Split('=', 2)[0] : "";
            if (!IsSetting(name))
            {
                rest.Add(arg);
            }
            else if (arg.Contains('=', StringComparison.Ordinal))
            {
                settings.Add(arg);
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                settings.Add($"{arg}={args[++i]}");
            }
            else
            {
                problem ??= $"{arg} needs a value: {arg} VALUE, or {arg}=VALUE.";
            }
        }
        return new Taken(rest, settings, problem);
    }

    private static bool IsSetting(string name) => name.Contains(':', StringComparison.Ordinal) || (name.Length > 0 && char.IsAsciiLetterUpper(name[0]));
}

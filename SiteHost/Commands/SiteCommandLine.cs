using System.CommandLine;
using System.CommandLine.Invocation;
using Comerix.Crm.Recipes;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// The site's command line (System.CommandLine): with no command it starts the server; else it runs one of the
/// site's commands with the same executable: <c>recipe apply</c>, <c>user create</c>, <c>tenant create</c>,
/// <c>apikey create|list|revoke</c>, <c>audit verify|checkpoint</c>, <c>events import</c>. The options every command shares
/// (<c>--data-dir</c>, <c>--database</c>, <c>--connection</c>) may come before the command as well as after it, and
/// are read by the host's configuration, as are settings such as <c>--Crm:TimeZone Europe/Berlin</c>
/// (<see cref="ConfigurationSettings"/>). Anything else is a mistake, said with a non-zero exit code: the site does
/// not start on arguments it did not understand.
/// </summary>
public sealed partial class SiteCommandLine
{
    /// <summary>The exit code of arguments the command line does not take (as the hand-written parser's usage line had).</summary>
    public const int UsageExitCode = 2;

    private static readonly Option<string> DataDirectory = new("--data-dir")
    {
        Description = "Where the SQLite file and the data-protection keys live (default: SiteHost/App_Data).",
        HelpName = "DIR",
        Recursive = true,
    };

    private static readonly Option<string> Database = new("--database")
    {
        Description = "The storage provider: sqlite (the default) or postgres.",
        HelpName = "sqlite|postgres",
        Recursive = true,
    };

    private static readonly Option<string> Connection = new("--connection")
    {
        Description = "The connection string; required for postgres, e.g. \"Host=127.0.0.1;Database=crm;Username=…;Password=…\".",
        HelpName = "conn string",
        Recursive = true,
    };

    private static readonly Option<string> Environment = new("--environment")
    {
        Description = "The ASP.NET Core environment (Production unless set).",
        HelpName = "NAME",
        Recursive = true,
    };

    /// <summary>Passed by <c>dotnet run</c> (SiteHost.csproj), not typed: see <see cref="StartupSettings.InvokedFromOption"/>.</summary>
    private static readonly Option<string> InvokedFrom = new("--" + StartupSettings.InvokedFromOption) { Hidden = true, Recursive = true };

    /// <summary>ASP.NET Core's host settings, which WebApplicationFactory passes on the command line; not for people.</summary>
    private static readonly Option<string> ContentRoot = new("--contentRoot") { Hidden = true, Recursive = true };

    private static readonly Option<string> ApplicationName = new("--applicationName") { Hidden = true, Recursive = true };

    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "The addresses the server listens on, separated by ';' (default: http://localhost:5000).",
        HelpName = "URLS",
    };

    private static readonly Option<string> Tenant = new("--tenant")
    {
        Description = "The tenant the command works on (default: Default).",
        HelpName = "T",
    };

    private static readonly Option[] HostOptions = [DataDirectory, Database, Connection, Environment, InvokedFrom, ContentRoot, ApplicationName, Urls];

    private readonly ParseResult _parse;
    private readonly IReadOnlyList<string> _settings;
    private readonly string? _settingProblem;

    private SiteCommandLine(ParseResult parse, IReadOnlyList<string> settings, string? settingProblem)
    {
        _parse = parse;
        _settings = settings;
        _settingProblem = settingProblem;
    }

    /// <summary>Reads <paramref name="args"/>; nothing runs yet. See <see cref="StartsServer"/> and <see cref="RunsCommand"/>.</summary>
    public static SiteCommandLine Parse(string[] args)
    {
        var settings = ConfigurationSettings.Take(args);
        var parse = Root.Value.Parse(settings.Rest, new ParserConfiguration
        {
            // A value is taken as typed: a password or a file name may start with '@' or '-'.
            ResponseFileTokenReplacer = null,
            EnablePosixBundling = false,
        });
        return new SiteCommandLine(parse, settings.HostArguments, settings.Problem);
    }

    private bool Understood => _settingProblem is null && _parse.Errors.Count == 0;

    /// <summary>No command, no help and no mistake: the arguments start the server.</summary>
    public bool StartsServer => Understood && _parse.Action is StartServer;

    /// <summary>A command to run once the site's services are built (<see cref="RunAsync"/>).</summary>
    public bool RunsCommand => Understood && _parse.Action is SiteCommand;

    /// <summary>
    /// The options the host's configuration should see, as <c>--key=value</c>: the shared options, <c>--urls</c>
    /// and the settings. A command's own options (<c>--name</c>, <c>--password</c>…) stay here.
    /// </summary>
    public string[] HostArguments() =>
    [
        .. HostOptions.Where(option => _parse.GetResult(option) is not null)
            .Select(option => $"{option.Name}={_parse.GetValue((Option<string>)option)}"),
        .. _settings,
    ];

    /// <summary>Help, the version, or what is wrong with the arguments, said without building the site.</summary>
    /// <returns>The exit code: 0 for help and version, <see cref="UsageExitCode"/> for a mistake.</returns>
    public int Answer(TextWriter output, TextWriter error)
    {
        if (_settingProblem is not null)
        {
            error.WriteLine(_settingProblem);
            return UsageExitCode;
        }
        var code = _parse.Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return _parse.Errors.Count > 0 ? UsageExitCode : code;
    }

    /// <summary>Runs the command on the site's services: 0 when it did what was asked, 1 (with the reason on <paramref name="error"/>) when not.</summary>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var command = _parse.Action as SiteCommand
            ?? throw new InvalidOperationException("The arguments name no command: check RunsCommand first.");
        try
        {
            await services.GetRequiredService<SiteSetup>().EnsureReadyAsync();
            return await command.Run(new CommandContext(_parse, services, output, error));
        }
        catch (RecipeException ex)
        {
            error.WriteLine("The recipe was not applied:");
            foreach (var problem in ex.Errors)
            {
                error.WriteLine("  " + problem);
            }
            return 1;
        }
        catch (CommandException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }

    /// <summary>Built once: the options are shared fields, and a symbol belongs to the commands it was added to.</summary>
    private static readonly Lazy<RootCommand> Root = new(BuildRoot);

    private static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Comerix CRM's demo site. With no command it starts the server; a command works on the same data and exits. " +
            "Any configuration setting may also be given as --Section:Key VALUE (e.g. --Crm:TimeZone Europe/Berlin, " +
            "--Crm:ForwardedHeaders:KnownProxies 10.0.0.5), or by its environment variable's name (--COMERIX_ADMIN_EMAIL you@example.com): " +
            "a name that starts with an upper-case letter or holds a ':' is a setting.")
        {
            DataDirectory, Database, Connection, Environment, InvokedFrom, ContentRoot, ApplicationName, Urls,
            RecipeCommand(), UserCommand(), TenantCommand(), ApiKeyCommand(), AuditCommand(), EventsCommand(),
        };
        root.Action = new StartServer();
        return root;
    }

    /// <summary>What a command's handler reads: its arguments, the site's services, and where to write.</summary>
    private sealed record CommandContext(ParseResult Parse, IServiceProvider Services, TextWriter Output, TextWriter Error)
    {
        public string Tenant => Parse.GetValue(SiteCommandLine.Tenant) is { Length: > 0 } tenant ? tenant : SiteTenant.DefaultName;

        /// <summary>A required option, which must not be empty either.</summary>
        public string Required(Option<string> option) =>
            Parse.GetValue(option) is { Length: > 0 } value ? value : throw new CommandException($"{option.Name} is required.");

        /// <summary>A scope for the tenant named (found ignoring case: "--tenant default" is the Default tenant), with its name as stored.</summary>
        public async Task<TenantScope> TenantScopeAsync()
        {
            var tenant = await Services.GetRequiredService<TenantRegistry>().FindAsync(Tenant)
                ?? throw new CommandException($"There is no tenant named {Tenant}. Create it with: tenant create {Tenant}");
            var scope = Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
            return new TenantScope(scope, tenant.Name);
        }
    }

    /// <summary>A command's services for one tenant, and that tenant's name as stored (what the CRM's services expect).</summary>
    private sealed class TenantScope(AsyncServiceScope scope, string tenant) : IAsyncDisposable
    {
        public IServiceProvider ServiceProvider => scope.ServiceProvider;

        public string Tenant { get; } = tenant;

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    /// <summary>A command's handler. Run by <see cref="RunAsync"/> once the site is built, not by System.CommandLine.</summary>
    private sealed class SiteCommand(Func<CommandContext, Task<int>> run) : SynchronousCommandLineAction
    {
        public Func<CommandContext, Task<int>> Run { get; } = run;

        public override int Invoke(ParseResult parseResult) =>
            throw new InvalidOperationException("A site command needs the site's services: run it with SiteCommandLine.RunAsync.");
    }

    /// <summary>The root's action: marks "start the server", which Program.cs does itself.</summary>
    private sealed class StartServer : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) =>
            throw new InvalidOperationException("Program.cs starts the server: check StartsServer first.");
    }

    private static Command WithAction(Command command, Func<CommandContext, Task<int>> run)
    {
        command.Action = new SiteCommand(run);
        return command;
    }

    private sealed class CommandException(string message) : Exception(message);
}

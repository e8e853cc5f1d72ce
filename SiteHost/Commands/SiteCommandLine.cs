using Comerix.Crm.Recipes;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Recipes;
using Comerix.SiteHost.Security;
using Comerix.SiteHost.Tenancy;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// The site's commands, run by the same executable as the server:
/// <c>recipe apply FILE [--tenant T]</c>, <c>user create --email E --password P --role R [--tenant T]</c>,
/// <c>tenant create NAME [--prefix p] [--host h] [--recipe FILE]</c>, <c>apikey create|list|revoke</c>, <c>audit verify|checkpoint</c>. Options every command shares
/// (<c>--data-dir</c>, <c>--database</c>, <c>--connection</c>) are read by the host's configuration.
/// </summary>
public sealed partial class SiteCommandLine
{
    private static readonly string[] Commands = ["recipe", "user", "tenant", "apikey", "audit"];

    private readonly List<string> _words;
    private readonly Dictionary<string, string> _options;

    private SiteCommandLine(List<string> words, Dictionary<string, string> options)
    {
        _words = words;
        _options = options;
    }

    /// <summary>
    /// Null when the arguments start the server. The command is the first word that is not an option or an option's
    /// value, so shared options may come before it (<c>--data-dir DIR recipe apply FILE</c>) as well as after.
    /// </summary>
    public static SiteCommandLine? Parse(string[] args)
    {
        var words = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var eq = name.IndexOf('=');
                if (eq >= 0)
                {
                    options[name[..eq]] = name[(eq + 1)..];
                }
                else
                {
                    options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
                }
            }
            else
            {
                words.Add(args[i]);
            }
        }
        return words.Count > 0 && Commands.Contains(words[0]) ? new SiteCommandLine(words, options) : null;
    }

    private static readonly string[] HostOptions = ["data-dir", "database", "connection", "environment", StartupSettings.InvokedFromOption];

    /// <summary>The options the host's configuration should see (command words and their own options stay here).</summary>
    public IEnumerable<string> HostArguments() =>
        _options.Where(o => HostOptions.Contains(o.Key, StringComparer.OrdinalIgnoreCase)).Select(o => $"--{o.Key}={o.Value}");

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        try
        {
            await services.GetRequiredService<SiteSetup>().EnsureReadyAsync();
            var verb = string.Join(' ', _words.Take(2));
            return verb switch
            {
                "recipe apply" => await ApplyRecipeAsync(services, output, error),
                "user create" => await CreateUserAsync(services, output, error),
                "tenant create" => await CreateTenantAsync(services, output, error),
                "apikey create" => await CreateApiKeyAsync(services, output),
                "apikey list" => await ListApiKeysAsync(services, output),
                "apikey revoke" => await RevokeApiKeyAsync(services, output),
                "audit verify" => await VerifyAuditAsync(services, output, error),
                "audit checkpoint" => await CheckpointAuditAsync(services, output, error),
                _ => Usage(error, $"Unknown command \"{verb}\"."),
            };
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

    private async Task<int> ApplyRecipeAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var file = _words.ElementAtOrDefault(2) ?? throw new CommandException("Usage: recipe apply <file> [--tenant T]");
        var json = await File.ReadAllTextAsync(ResolveRecipe(services, file));
        await using var scope = await TenantScopeAsync(services);
        var name = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>()
            .ExecuteAsync(Tenant, json, output.WriteLine);
        output.WriteLine($"Recipe \"{name}\" applied to tenant {Tenant}.");
        return 0;
    }

    private async Task<int> CreateUserAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var email = Required("email");
        var password = Required("password");
        var role = Required("role");
        await using var scope = await TenantScopeAsync(services);
        var problems = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(Tenant, email, password, role);
        if (problems.Count > 0)
        {
            error.WriteLine("The user was not created:");
            foreach (var problem in problems)
            {
                error.WriteLine("  " + problem);
            }
            return 1;
        }
        output.WriteLine($"User {email} created in tenant {Tenant} with role {role}.");
        return 0;
    }

    private async Task<int> CreateTenantAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var name = _words.ElementAtOrDefault(2) ?? throw new CommandException("Usage: tenant create <name> [--prefix p] [--host h] [--recipe file]");
        if (!TenantNames.IsValid(name))
        {
            throw new CommandException($"\"{name}\" is not a valid tenant name: use 1 to 64 letters, digits, '-' or '_'.");
        }
        var prefix = _options.GetValueOrDefault("prefix");
        var host = _options.GetValueOrDefault("host");
        if (prefix is not null && !TenantNames.IsValid(prefix))
        {
            throw new CommandException($"\"{prefix}\" is not a valid prefix: use letters, digits, '-' or '_'.");
        }
        if (string.IsNullOrEmpty(prefix) && string.IsNullOrEmpty(host))
        {
            prefix = name.ToLowerInvariant();
        }
        var registry = services.GetRequiredService<TenantRegistry>();
        var tenants = await registry.GetAllAsync();
        if (tenants.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CommandException($"A tenant named {name} already exists.");
        }
        if (prefix is not null && tenants.Any(t => string.Equals(t.UrlPrefix, prefix, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CommandException($"The prefix {prefix} is already used by another tenant.");
        }
        if (host is not null && tenants.Any(t => string.Equals(t.HostName, host, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CommandException($"The host name {host} is already used by another tenant.");
        }
        var recipe = _options.TryGetValue("recipe", out var file) ? ResolveRecipe(services, file) : SiteSetup.DefaultRecipePath;
        await services.GetRequiredService<SiteSetup>().CreateTenantAsync(name, prefix, host, recipe);
        output.WriteLine($"Tenant {name} created" + (prefix is null ? "" : $" at /t/{prefix}") + (host is null ? "" : $" on host {host}") + ".");
        // A new tenant has no user yet: the next step, typed as it must be (its --tenant, the same data).
        output.WriteLine("Nobody can sign in to it yet. Create its first administrator (choose the password):");
        output.WriteLine("  " + SiteCommandText.For(services, $"user create --email you@example.com --password '<password>' --role Administrator --tenant {name}"));
        output.WriteLine("then sign in at " + (prefix is not null ? $"/t/{prefix}/login" : $"http://{host}/login") + ".");
        return 0;
    }

    private string Tenant => _options.GetValueOrDefault("tenant") is { Length: > 0 } t ? t : SiteTenant.DefaultName;

    private async Task<AsyncServiceScope> TenantScopeAsync(IServiceProvider services)
    {
        var tenant = await services.GetRequiredService<TenantRegistry>().FindAsync(Tenant)
            ?? throw new CommandException($"There is no tenant named {Tenant}. Create it with: tenant create {Tenant}");
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return scope;
    }

    private string Required(string option) =>
        _options.GetValueOrDefault(option) is { Length: > 0 } value ? value : throw new CommandException($"--{option} is required.");

    /// <summary>A relative path is read from the folder the command was typed in (not SiteHost/, where dotnet run starts it).</summary>
    private static string ResolveRecipe(IServiceProvider services, string file)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var path = StartupSettings.FullPath(configuration, file);
        return RecipeFiles.Resolve(path, services.GetRequiredService<IWebHostEnvironment>().ContentRootPath)
            ?? throw new CommandException($"Recipe file not found: {path}" + (Path.IsPathRooted(file) ? "" :
                $" (\"{file}\" was read from {StartupSettings.InvokedFrom(configuration)}, the folder the command was typed in)."));
    }

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine(problem);
        error.WriteLine("Commands: recipe apply <file> [--tenant T] | user create --email E --password P --role R [--tenant T] | tenant create <name> [--prefix p] [--host h] [--recipe file] | apikey create --name N [--scope ingest|read|privacy, or several: ingest,read] [--tenant T] | apikey create --name N --origins \"https://www.example.com, …\" (a browser key) [--tenant T] | apikey list [--tenant T] | apikey revoke <id or key> [--tenant T] | audit verify [--tenant T] [--checkpoint N:HASH] | audit checkpoint [--tenant T]");
        return 2;
    }

    private sealed class CommandException(string message) : Exception(message);
}

public static class TenantNames
{
    public static bool IsValid(string value) =>
        value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

using System.CommandLine;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;

namespace Comerix.SiteHost.Commands;

/// <summary><c>tenant create NAME [--prefix p] [--host h] [--recipe FILE]</c>.</summary>
public sealed partial class SiteCommandLine
{
    private static readonly Argument<string> TenantName = new("name") { Description = "1 to 64 letters, digits, '-' or '_'." };

    private static readonly Option<string> Prefix = new("--prefix") { Description = "Reached at /t/<prefix>/… (default: the name, unless --host is given).", HelpName = "p" };

    private static readonly Option<string> Host = new("--host") { Description = "Reached on this host name.", HelpName = "h" };

    private static readonly Option<string> TenantRecipe = new("--recipe") { Description = "The recipe it starts with (default: recipes/default.recipe.json).", HelpName = "file" };

    private static Command TenantCommand() => new("tenant", "Tenants: each has its own users, roles, contacts and features.")
    {
        WithAction(new Command("create", "Create a tenant; it prints the command that creates its first administrator.") { TenantName, Prefix, Host, TenantRecipe }, CreateTenantAsync),
    };

    private static async Task<int> CreateTenantAsync(CommandContext command)
    {
        var name = command.Parse.GetRequiredValue(TenantName);
        if (!TenantNames.IsValid(name))
        {
            throw new CommandException($"\"{name}\" is not a valid tenant name: use 1 to 64 letters, digits, '-' or '_'.");
        }
        var prefix = command.Parse.GetValue(Prefix);
        var host = command.Parse.GetValue(Host);
        if (prefix is not null && !TenantNames.IsValid(prefix))
        {
            throw new CommandException($"\"{prefix}\" is not a valid prefix: use letters, digits, '-' or '_'.");
        }
        if (string.IsNullOrEmpty(prefix) && string.IsNullOrEmpty(host))
        {
            prefix = name.ToLowerInvariant();
        }
        var services = command.Services;
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
        var recipe = command.Parse.GetValue(TenantRecipe) is { } file ? ResolveRecipe(services, file) : SiteSetup.DefaultRecipePath;
        await services.GetRequiredService<SiteSetup>().CreateTenantAsync(name, prefix, host, recipe);
        var output = command.Output;
        output.WriteLine($"Tenant {name} created" + (prefix is null ? "" : $" at /t/{prefix}") + (host is null ? "" : $" on host {host}") + ".");
        // A new tenant has no user yet: the next step, typed as it must be (its --tenant, the same data).
        output.WriteLine("Nobody can sign in to it yet. Create its first administrator (choose the password):");
        output.WriteLine("  " + SiteCommandText.For(services, $"user create --email you@example.com --password '<password>' --role Administrator --tenant {name}"));
        output.WriteLine("then sign in at " + (prefix is not null ? $"/t/{prefix}/login" : $"http://{host}/login") + ".");
        return 0;
    }
}

public static class TenantNames
{
    public static bool IsValid(string value) =>
        value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

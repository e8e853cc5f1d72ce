using System.CommandLine;
using Comerix.Crm.Api.Keys;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// <c>apikey create --name N [--scope S]</c> (S: ingest, read, privacy, or several comma-separated), or
/// <c>apikey create --name N --origins "https://a, https://b"</c> for a browser key; <c>apikey list</c>,
/// <c>apikey revoke ID|KEY</c>; each with <c>[--tenant T]</c>.
/// </summary>
public sealed partial class SiteCommandLine
{
    private const string CommandActor = "command-line";

    private static readonly Option<string> KeyName = new("--name") { Description = "What the key is for, as the API keys page shows it.", HelpName = "N", Required = true };

    private static readonly Option<string> Scopes = new("--scope")
    {
        Description = "ingest (the default), read, privacy, or several comma-separated: ingest,read.",
        HelpName = "S",
    };

    private static readonly Option<string> Origins = new("--origins")
    {
        Description = "A browser key instead, for pages served from these origins (comma-separated): it only sends events.",
        HelpName = "\"https://www.example.com, …\"",
    };

    private static readonly Argument<string> KeyIdOrKey = new("id or key") { Description = "The id (the first column of \"apikey list\") or the whole key (cxk_<id>_<secret>)." };

    private static Command ApiKeyCommand() => new("apikey", "API keys: for servers sending events or reading contacts, and browser keys for pages.")
    {
        WithAction(new Command("create", "Create a key and print it once: only its hash is kept.") { KeyName, Scopes, Origins, Tenant }, CreateApiKeyAsync),
        WithAction(new Command("list", "List a tenant's keys: id, scope (or browser), last use, name.") { Tenant }, ListApiKeysAsync),
        WithAction(new Command("revoke", "Revoke a key: requests with it get 401 from then on.") { KeyIdOrKey, Tenant }, RevokeApiKeyAsync),
    };

    private static async Task<int> CreateApiKeyAsync(CommandContext command)
    {
        var name = command.Required(KeyName);
        var origins = command.Parse.GetValue(Origins);
        if (origins is not null && command.Parse.GetResult(Scopes) is not null)
        {
            throw new CommandException("A browser key (--origins) only sends events; it takes no --scope.");
        }
        var scopes = command.Parse.GetValue(Scopes) is { Length: > 0 } s ? s : ApiScopes.Ingest;
        var output = command.Output;
        await using var scope = await command.TenantScopeAsync();
        var tenant = scope.Tenant;
        var keys = scope.ServiceProvider.GetRequiredService<IApiKeys>();
        var (created, problem) = origins is null
            ? await keys.CreateAsync(tenant, name, scopes, CommandActor)
            : await keys.CreateBrowserKeyAsync(tenant, name, origins, CommandActor);
        if (created is null)
        {
            throw new CommandException($"The key was not created: {problem}");
        }
        var what = created.Row.IsBrowserKey
            ? $"a public browser key for {string.Join(", ", created.Row.OriginList)}"
            : $"scopes {created.Row.Scopes}";
        output.WriteLine($"API key \"{created.Row.Name}\" created for tenant {tenant} (id {created.Row.Id}, {what}):");
        output.WriteLine();
        output.WriteLine("  " + created.Key);
        output.WriteLine();
        output.WriteLine("Store it now: only its hash is kept, so it cannot be shown again.");
        output.WriteLine(created.Row.IsBrowserKey
            ? "Give it to analytics.js (writeKey, cdnURL: this site) or RudderStack's SDK (dataPlaneUrl and configUrl: this site) in pages served from those origins."
            : "Send it as \"Authorization: Bearer <key>\", or as the write key of a Segment client.");
        return 0;
    }

    private static async Task<int> ListApiKeysAsync(CommandContext command)
    {
        var output = command.Output;
        await using var scope = await command.TenantScopeAsync();
        var keys = await scope.ServiceProvider.GetRequiredService<IApiKeys>().ListAsync(scope.Tenant);
        if (keys.Count == 0)
        {
            output.WriteLine($"Tenant {scope.Tenant} has no API keys. Create one with: apikey create --name \"Shop backend\"");
            return 0;
        }
        foreach (var key in keys)
        {
            var state = key.IsRevoked ? $"revoked {key.RevokedAt:yyyy-MM-dd}" : key.LastUsedAt is { } used ? $"last used {used:yyyy-MM-dd HH:mm}" : "never used";
            // A browser key's "scope" is where it may be used from: its origins, after its name.
            var kind = key.IsBrowserKey ? "browser" : key.Scopes;
            var origins = key.IsBrowserKey ? $"  (from {string.Join(", ", key.OriginList)})" : "";
            output.WriteLine($"{key.Id}  {kind,-12} {state,-28} {key.Name}{origins}");
        }
        return 0;
    }

    /// <summary>Takes the key's id (the first column of <c>apikey list</c>) or the whole key, as its holder has it.</summary>
    private static async Task<int> RevokeApiKeyAsync(CommandContext command)
    {
        const string Usage = "Usage: apikey revoke <id or key> [--tenant T]: the id is the first column of \"apikey list\"; the whole key (cxk_<id>_<secret>) works too.";
        var given = command.Parse.GetRequiredValue(KeyIdOrKey);
        var id = given;
        if (given.StartsWith(ApiKeySecret.Prefix, StringComparison.Ordinal))
        {
            id = ApiKeySecret.TryParse(given, out var keyId, out _) ? keyId
                : throw new CommandException($"\"{given}\" is not a whole API key. {Usage}");
        }
        await using var scope = await command.TenantScopeAsync();
        if (!await scope.ServiceProvider.GetRequiredService<IApiKeys>().RevokeAsync(scope.Tenant, id, CommandActor))
        {
            throw new CommandException($"Tenant {scope.Tenant} has no live API key with id {id}.");
        }
        command.Output.WriteLine($"API key {id} revoked: requests with it now get 401.");
        return 0;
    }
}

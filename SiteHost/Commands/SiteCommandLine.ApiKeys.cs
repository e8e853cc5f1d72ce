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

    private async Task<int> CreateApiKeyAsync(IServiceProvider services, TextWriter output)
    {
        var name = Required("name");
        var origins = _options.GetValueOrDefault("origins");
        if (origins is not null && _options.ContainsKey("scope"))
        {
            throw new CommandException("A browser key (--origins) only sends events; it takes no --scope.");
        }
        var scopes = _options.GetValueOrDefault("scope") is { Length: > 0 } s ? s : ApiScopes.Ingest;
        await using var scope = await TenantScopeAsync(services);
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        var (created, problem) = origins is null
            ? await keys.CreateAsync(Tenant, name, scopes, CommandActor)
            : await keys.CreateBrowserKeyAsync(Tenant, name, origins, CommandActor);
        if (created is null)
        {
            throw new CommandException($"The key was not created: {problem}");
        }
        var what = created.Row.IsBrowserKey
            ? $"a public browser key for {string.Join(", ", created.Row.OriginList)}"
            : $"scopes {created.Row.Scopes}";
        output.WriteLine($"API key \"{created.Row.Name}\" created for tenant {Tenant} (id {created.Row.Id}, {what}):");
        output.WriteLine();
        output.WriteLine("  " + created.Key);
        output.WriteLine();
        output.WriteLine("Store it now: only its hash is kept, so it cannot be shown again.");
        output.WriteLine(created.Row.IsBrowserKey
            ? "Give it to analytics.js (writeKey, cdnURL: this site) or RudderStack's SDK (dataPlaneUrl and configUrl: this site) in pages served from those origins."
            : "Send it as \"Authorization: Bearer <key>\", or as the write key of a Segment client.");
        return 0;
    }

    private async Task<int> ListApiKeysAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = await TenantScopeAsync(services);
        var keys = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().ListAsync(Tenant);
        if (keys.Count == 0)
        {
            output.WriteLine($"Tenant {Tenant} has no API keys. Create one with: apikey create --name \"Shop backend\"");
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
    private async Task<int> RevokeApiKeyAsync(IServiceProvider services, TextWriter output)
    {
        const string Usage = "Usage: apikey revoke <id or key> [--tenant T]: the id is the first column of \"apikey list\"; the whole key (cxk_<id>_<secret>) works too.";
        var given = _words.ElementAtOrDefault(2) ?? throw new CommandException(Usage);
        var id = given;
        if (given.StartsWith(ApiKeySecret.Prefix, StringComparison.Ordinal))
        {
            id = ApiKeySecret.TryParse(given, out var keyId, out _) ? keyId
                : throw new CommandException($"\"{given}\" is not a whole API key. {Usage}");
        }
        await using var scope = await TenantScopeAsync(services);
        if (!await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(Tenant, id, CommandActor))
        {
            throw new CommandException($"Tenant {Tenant} has no live API key with id {id}.");
        }
        output.WriteLine($"API key {id} revoked: requests with it now get 401.");
        return 0;
    }
}

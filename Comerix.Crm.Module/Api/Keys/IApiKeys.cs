namespace Comerix.Crm.Api.Keys;

/// <summary>
/// A tenant's API keys, as a host's own tooling manages them (SiteHost's <c>api-keys</c> command; the admin's API keys
/// page does the same). Every change is audited; a key's secret is returned once, at creation, and never stored.
/// </summary>
public interface IApiKeys
{
    /// <summary>A server key with the given scopes (comma-separated <see cref="ApiScopes"/>); the error says what to fix.</summary>
    Task<(CreatedApiKey? Created, string? Error)> CreateAsync(string tenantId, string? name, string? scopes, string actor, CancellationToken cancellationToken = default);

    /// <summary>A public browser key that may only send events, from the origins given (new lines, commas or spaces between).</summary>
    Task<(CreatedApiKey? Created, string? Error)> CreateBrowserKeyAsync(string tenantId, string? name, string? origins, string actor, CancellationToken cancellationToken = default);

    /// <summary>The tenant's keys, live ones first, newest first.</summary>
    Task<List<ApiKey>> ListAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>False when the key does not exist (in this tenant) or was already revoked.</summary>
    Task<bool> RevokeAsync(string tenantId, string id, string actor, CancellationToken cancellationToken = default);
}

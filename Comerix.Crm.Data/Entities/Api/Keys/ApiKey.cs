namespace Comerix.Crm.Api.Keys;

/// <summary>
/// A tenant's key for the HTTP APIs. Only a hash of the secret is stored; the key itself is shown once, when it is
/// created. <see cref="Id"/> is the public part of the key, so a request names the row it must match.
/// </summary>
public sealed class ApiKey
{
    public required string TenantId { get; set; }
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-case hex SHA-256 of the secret part (the secret carries 160 random bits, so a slow hash buys nothing).</summary>
    public required string SecretHash { get; set; }
    /// <summary>Comma-separated scope codes (<c>ApiScopes</c>).</summary>
    public required string Scopes { get; set; }
    /// <summary><see cref="ApiKeyKinds"/>: a secret server key, or a public browser key.</summary>
    public string Kind { get; set; } = ApiKeyKinds.Server;

    /// <summary>A browser key's origins (<c>BrowserOrigins</c>: canonical, one a line); null for a server key.</summary>
    public string? AllowedOrigins { get; set; }

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

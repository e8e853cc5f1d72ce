using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Api.Keys;

/// <summary>Creates, lists, revokes and checks a tenant's API keys. The key itself exists only in <see cref="CreatedApiKey"/>.</summary>
internal sealed class ApiKeyService(CrmDbContext db, AuditLog audit, TimeProvider time, Browser.BrowserOriginCache browserOrigins) : IApiKeys
{
    public const int MaxNameLength = 100;
    /// <summary>"Last used" is written at most this often per key, so busy keys do not turn every request into a write.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<(CreatedApiKey? Created, string? Error)> CreateAsync(
        string tenantId, string? name, string? scopes, string actor, CancellationToken cancellationToken = default)
    {
        if (NameError(ref name) is { } nameError)
        {
            return (null, nameError);
        }
        var (canonicalScopes, scopeError) = ApiScopes.Normalize(scopes);
        if (scopeError is not null)
        {
            return (null, scopeError);
        }
        return (await AddAsync(tenantId, name!, canonicalScopes!, ApiKeyKinds.Server, origins: null, actor, cancellationToken), null);
    }

    /// <summary>
    /// A browser key: public by nature, so it may only send events (the ingest scope, and only on the Segment
    /// routes), only from <paramref name="origins"/> (separated by new lines, commas or spaces; see
    /// <see cref="BrowserOrigins"/>), and what it says about a visitor stays unverified.
    /// </summary>
    public async Task<(CreatedApiKey? Created, string? Error)> CreateBrowserKeyAsync(
        string tenantId, string? name, string? origins, string actor, CancellationToken cancellationToken = default)
    {
        if (NameError(ref name) is { } nameError)
        {
            return (null, nameError);
        }
        var (canonicalOrigins, originError) = BrowserOrigins.Normalize(origins);
        if (originError is not null)
        {
            return (null, originError);
        }
        return (await AddAsync(tenantId, name!, ApiScopes.Ingest, ApiKeyKinds.Browser, canonicalOrigins, actor, cancellationToken), null);
    }

    private static string? NameError(ref string? name)
    {
        name = name?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > MaxNameLength
            ? $"Give the key a name of 1 to {MaxNameLength} characters (what uses it, e.g. \"Shop backend\")."
            : null;
    }

    private async Task<CreatedApiKey> AddAsync(
        string tenantId, string name, string scopes, string kind, string? origins, string actor, CancellationToken cancellationToken)
    {
        var (id, secret, key) = ApiKeySecret.Generate();
        var row = new ApiKey
        {
            TenantId = tenantId,
            Id = id,
            Name = name,
            SecretHash = ApiKeySecret.Hash(secret),
            Scopes = scopes,
            Kind = kind,
            AllowedOrigins = origins,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        browserOrigins.Invalidate(tenantId);
        object details = kind == ApiKeyKinds.Browser
            ? new { keyId = id, kind, scopes, origins = row.OriginList }
            : new { keyId = id, scopes };
        await audit.AppendAsync(tenantId, actor, AuditActions.ApiKeyCreated, details, cancellationToken);
        return new CreatedApiKey(row, key);
    }

    public Task<List<ApiKey>> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).ApiKeys.AsNoTracking()
            .OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>False when the key does not exist (in this tenant) or was already revoked.</summary>
    public async Task<bool> RevokeAsync(string tenantId, string id, string actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await db.InTenant(tenantId).ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, actor), cancellationToken);
        if (revoked == 0)
        {
            return false;
        }
        browserOrigins.Invalidate(tenantId);
        await audit.AppendAsync(tenantId, actor, AuditActions.ApiKeyRevoked, new { keyId = id }, cancellationToken);
        return true;
    }

    /// <summary>The live key of this tenant that <paramref name="presented"/> is, or why it is not one.</summary>
    public async Task<(ApiKey? Key, string? Failure)> AuthenticateAsync(string tenantId, string? presented, CancellationToken cancellationToken = default)
    {
        if (!ApiKeySecret.TryParse(presented, out var id, out var secret))
        {
            return (null, "The API key is malformed: keys look like cxk_… and are shown once when created.");
        }
        var key = await db.InTenant(tenantId).ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || !ApiKeySecret.Matches(secret, key.SecretHash))
        {
            // Same answer for "no such key" and "wrong secret", and for another tenant's key.
            return (null, "The API key is not valid for this site.");
        }
        if (key.IsRevoked)
        {
            return (null, "The API key has been revoked.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        return (key, null);
    }
}

/// <param name="Key">The whole key, to be shown once and never again.</param>
public sealed record CreatedApiKey(ApiKey Row, string Key);

using System.Security.Cryptography;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// A tenant's webhook endpoints: add and rotate the secret (returned once, stored protected), delete, the delivery
/// log, a test event, retry now.
/// </summary>
internal sealed class WebhookEndpointService(
    CrmDbContext db, WebhookOptions options, WebhookSubscriptions subscriptions, WebhookDeliverySignal signal,
    CrmEventTransaction events, AuditLog audit, WebhookSecretProtector secrets, TimeProvider time)
{
    public const int LogSize = 50;

    public sealed record Created(WebhookEndpoint Endpoint, string Secret);

    /// <summary>An endpoint with how its deliveries stand, and whether its secret can still sign (see <see cref="CanSign"/>).</summary>
    public sealed record Listed(WebhookEndpoint Endpoint, int Pending, int Failed, bool CanSign);

    public async Task<IReadOnlyList<Listed>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var endpoints = await db.InTenant(tenantId).WebhookEndpoints.AsNoTracking()
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var counts = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status != WebhookDeliveryStatus.Delivered)
            .GroupBy(d => new { d.EndpointId, d.Status }).Select(g => new { g.Key.EndpointId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(string endpoint, WebhookDeliveryStatus status) => counts.FirstOrDefault(c => c.EndpointId == endpoint && c.Status == status)?.Count ?? 0;
        return endpoints.Select(e => new Listed(e, Count(e.Id, WebhookDeliveryStatus.Pending), Count(e.Id, WebhookDeliveryStatus.Failed), CanSign(e))).ToList();
    }

    /// <summary>False when this site's key ring cannot read the endpoint's stored secret: its deliveries wait for a rotation.</summary>
    public bool CanSign(WebhookEndpoint endpoint) => secrets.TryReveal(endpoint.ProtectedSecret, out _);

    public Task<WebhookEndpoint?> FindAsync(string tenantId, string id, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    /// <returns>The endpoint and its secret (shown once), or what is wrong with the input.</returns>
    public async Task<(Created? Created, string? UrlProblem, string? EventsProblem)> CreateAsync(
        string tenantId, string? url, IReadOnlyCollection<string> eventTypes, string actor, CancellationToken cancellationToken = default)
    {
        var urlProblem = WebhookUrls.Problem(url, options);
        var chosen = CrmEventTypes.All.Where(eventTypes.Contains).ToList();
        var eventsProblem = chosen.Count == 0 ? "Choose at least one event." : null;
        if (urlProblem is not null || eventsProblem is not null)
        {
            return (null, urlProblem, eventsProblem);
        }
        var secret = WebhookSecrets.New();
        var endpoint = new WebhookEndpoint
        {
            TenantId = tenantId,
            Id = "ep_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16),
            Url = url!.Trim(),
            EventTypes = WebhookEndpoint.JoinEventTypes(chosen),
            ProtectedSecret = secrets.Protect(secret),
            CreatedAt = Now(),
            CreatedBy = actor,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        subscriptions.Invalidate(tenantId);
        // The host only: a URL's path may carry a token of the receiver's.
        await audit.AppendAsync(tenantId, actor, AuditActions.WebhookCreated,
            new { endpoint = endpoint.Id, host = new Uri(endpoint.Url).Host, events = chosen }, cancellationToken);
        return (new Created(endpoint, secret), null, null);
    }

    /// <summary>
    /// Gives the endpoint a new secret (returned once, stored protected); the old one signs nothing more. Waiting
    /// deliveries keep their schedule: the receiver needs the new secret first, then "Retry now" sends them.
    /// </summary>
    /// <returns>The new secret; null when the endpoint does not exist.</returns>
    public async Task<string?> RotateSecretAsync(string tenantId, string id, string actor, CancellationToken cancellationToken = default)
    {
        var secret = WebhookSecrets.New();
        var protectedSecret = secrets.Protect(secret);
        var rotated = await db.InTenant(tenantId).WebhookEndpoints.Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProtectedSecret, protectedSecret), cancellationToken) > 0;
        if (!rotated)
        {
            return null;
        }
        await audit.AppendAsync(tenantId, actor, AuditActions.WebhookSecretRotated, new { endpoint = id }, cancellationToken);
        return secret;
    }

    /// <summary>Deletes the endpoint and its delivery log (pending deliveries are dropped).</summary>
    public async Task<bool> DeleteAsync(string tenantId, string id, string actor, CancellationToken cancellationToken = default)
    {
        await db.InTenant(tenantId).WebhookDeliveries.Where(d => d.EndpointId == id).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.WebhookEndpoints.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            subscriptions.Invalidate(tenantId);
            await audit.AppendAsync(tenantId, actor, AuditActions.WebhookDeleted, new { endpoint = id }, cancellationToken);
        }
        return deleted;
    }

    /// <summary>The newest deliveries of the endpoint first.</summary>
    public Task<List<WebhookDelivery>> LogAsync(string tenantId, string id, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id)
            .OrderByDescending(d => d.Id).Take(LogSize).ToListAsync(cancellationToken);

    /// <summary>Queues a <c>webhook.test</c> delivery to this endpoint alone; false when it does not exist.</summary>
    public async Task<bool> SendTestAsync(string tenantId, string id, string actor, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is null)
        {
            return false;
        }
        var now = Now();
        await events.EnqueueAsync(db, tenantId, id, CrmEventTypes.Test,
            WebhookPayload.Serialize(CrmEventTypes.Test, now, new { message = "A test event from Comerix CRM.", sentBy = actor }), cancellationToken);
        signal.Wake();
        return true;
    }

    /// <summary>Makes the endpoint's pending deliveries due now, and its failed ones pending again with a fresh retry window.</summary>
    public async Task<int> RetryNowAsync(string tenantId, string id, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var failed = await db.InTenant(tenantId).WebhookDeliveries
            .Where(d => d.EndpointId == id && d.Status == WebhookDeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.GiveUpAt, now + options.RetryFor), cancellationToken);
        var pending = await db.WebhookDeliveries
            .Where(d => d.EndpointId == id && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now), cancellationToken);
        signal.Wake();
        return failed + pending;
    }

    private DateTime Now() => Resolution.Timestamps.Normalize(time.GetUtcNow());
}

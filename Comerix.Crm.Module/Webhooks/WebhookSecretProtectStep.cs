using Comerix.Crm.Data;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// One-time step at start-up (issue 16 follow-up): endpoints whose signing secret was stored as is get it stored
/// protected (<see cref="WebhookSecretProtector"/>). The secret itself does not change, so receivers keep verifying.
/// Each row is updated only if it still holds the plain secret, so a second run, or another server running it at the
/// same time, changes nothing twice. Recorded per tenant and for the site in <c>crm_data_steps</c>.
/// </summary>
internal sealed class WebhookSecretProtectStep(CrmDatabase database, WebhookSecretProtector secrets, TimeProvider time, ILogger<WebhookSecretProtectStep> logger)
    : ICrmDataStep
{
    public const string StepName = "webhook-secrets-protected-1";

    /// <returns>How many endpoints' secrets were protected, per tenant that had any.</returns>
    public async Task<IReadOnlyList<(string TenantId, int Protected)>> RunAsync(CancellationToken cancellationToken)
    {
        // Site-wide (no tenant filter): the step goes through every tenant's endpoints, and names the tenant in each update.
        await using var db = database.CreateDbContext();
        if (await db.DataSteps.AnyAsync(s => s.TenantId == "" && s.Step == StepName, cancellationToken))
        {
            return [];
        }
        var plain = await db.WebhookEndpoints.AsNoTracking().Where(e => e.ProtectedSecret.StartsWith(WebhookSecrets.Prefix))
            .Select(e => new { e.TenantId, e.Id, e.ProtectedSecret }).ToListAsync(cancellationToken);
        var reports = new List<(string, int)>();
        foreach (var tenant in plain.GroupBy(e => e.TenantId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var converted = 0;
            foreach (var endpoint in tenant)
            {
                var protectedSecret = secrets.Protect(endpoint.ProtectedSecret);
                converted += await db.WebhookEndpoints
                    .Where(e => e.TenantId == endpoint.TenantId && e.Id == endpoint.Id && e.ProtectedSecret == endpoint.ProtectedSecret)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProtectedSecret, protectedSecret), cancellationToken);
            }
            await RecordAsync(tenant.Key, cancellationToken);
            reports.Add((tenant.Key, converted));
        }
        await RecordAsync("", cancellationToken);
        return reports;
    }

    async Task ICrmDataStep.RunAsync(CancellationToken cancellationToken)
    {
        foreach (var (tenant, converted) in await RunAsync(cancellationToken))
        {
            StorageLog.WebhookSecretsProtected(logger, tenant, converted);
        }
    }

    private async Task RecordAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        db.DataSteps.Add(new DataStep { TenantId = tenantId, Step = StepName, CompletedAt = Timestamps.Normalize(time.GetUtcNow()) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another server recorded it first.
        }
    }
}

using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Comerix.SiteHost.Health;

/// <summary>
/// Healthy while the CRM database answers a query. It reads the site's tenants, which live in the same database:
/// a real query, not just an open connection (SQLite "connects" to any file name), and one every request needs.
/// A query that throws or outlasts the check's timeout makes it Unhealthy (the health check service catches it and
/// logs the reason; the anonymous caller gets the status only).
/// </summary>
public sealed class CrmDatabaseHealthCheck(SiteDbContext db) : IHealthCheck
{
    public const string Name = "crm-database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await db.Tenants.AnyAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}

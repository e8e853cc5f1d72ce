using Comerix.SiteHost.Health;

namespace Comerix.SiteHost.Extensions;

/// <summary>
/// <c>GET /health</c>, the host's: 200 "Healthy" while the CRM database answers, 503 "Unhealthy" when it does not.
/// Anonymous (load balancers and orchestrators call it), and it says nothing else. It skips the tenant (see
/// <see cref="TenancyExtensions.UseTenancy"/>) and, short-circuited by routing, the sign-in and authorization
/// middleware: a probe with a stale cookie, or during a database outage, still gets the database's answer.
/// </summary>
public static class HealthExtensions
{
    public const string Path = "/health";

    /// <summary>A probe is answered within this, even when the database hangs.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static void AddHealth(this WebApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddCheck<CrmDatabaseHealthCheck>(CrmDatabaseHealthCheck.Name, timeout: CheckTimeout);

    public static void MapHealth(this WebApplication app) =>
        app.MapHealthChecks(Path)
            // GET only, as before: a probe reads; any other method is 405.
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .WithDisplayName("health")
            .AllowAnonymous()
            .ShortCircuit();
}

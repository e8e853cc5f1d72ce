using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Comerix.Crm;

/// <summary>The module's endpoints. The admin pages and the ingestion API come with their own issues; the engine needs none.</summary>
public static class CrmEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapComerixCrm(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", () => Results.Text("Healthy"))
            .WithName("health")
            .WithSummary("Liveness: answers 200 once the CRM database is migrated and the host is serving.")
            .AllowAnonymous();
        return endpoints;
    }
}

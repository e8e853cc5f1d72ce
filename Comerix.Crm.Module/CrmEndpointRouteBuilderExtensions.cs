using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Comerix.Crm;

/// <summary>
/// The module's endpoints besides its Razor Pages (the admin under /admin/customers), which the host's
/// <c>MapRazorPages()</c> serves together with its own.
/// </summary>
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

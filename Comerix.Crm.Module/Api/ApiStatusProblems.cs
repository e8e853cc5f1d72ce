using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api;

/// <summary>
/// The API's answer when routing, not an endpoint, decided the status: a path no endpoint has, an id that does not
/// fit its route (<c>/api/crm/contacts/99999999999999999999</c>), a method the path does not take, an unknown
/// tenant. They ended with an empty body; like every other API error they are problem+json, pointing at the
/// OpenAPI document. Only status codes without a body are touched: an endpoint's own problem stays as it is.
/// </summary>
public static class ApiStatusProblems
{
    /// <summary>
    /// Answers bodiless 4xx and 5xx with problem+json. For the API's branch of the host's pipeline only (its pages
    /// keep their HTML status pages); early, so it sees what routing, tenancy and authorization decided.
    /// </summary>
    public static IApplicationBuilder UseCrmApiStatusProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => Problem(context.HttpContext).ExecuteAsync(context.HttpContext));

    private static ProblemHttpResult Problem(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var document = $"{http.Request.PathBase}/openapi/{CrmEndpointRouteBuilderExtensions.OpenApiDocument}.json";
        return status switch
        {
            StatusCodes.Status404NotFound => ApiProblems.NotFound(
                $"Nothing in this API answers this path (an id is a whole number of at most 19 digits). The endpoints are listed in {document}."),
            StatusCodes.Status405MethodNotAllowed => ApiProblems.Create(status, "method-not-allowed", "Method not allowed",
                $"This path does not take {http.Request.Method}; the endpoints and their methods are listed in {document}."),
            _ => ApiProblems.Create(status, $"http-{status}", ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : $"HTTP {status}",
                $"The request was answered {status} before any endpoint ran; the endpoints are listed in {document}."),
        };
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Api;

/// <summary>Marks the module's API endpoints, so an error on one of them is answered as an API client expects.</summary>
internal sealed class CrmApiEndpointMetadata
{
    public static readonly CrmApiEndpointMetadata Instance = new();

    private CrmApiEndpointMetadata()
    {
    }
}

/// <summary>
/// An unhandled exception on an API endpoint answers <c>application/problem+json</c> 500, never the host's HTML error
/// page (or, in Development, the developer page with its stack trace): clients switch on the problem type, and the
/// answer carries no exception text, which may hold personal data. The exception itself is logged by the middleware
/// that catches it. Registered both as an <see cref="IExceptionHandler"/> (UseExceptionHandler) and as a
/// <see cref="IDeveloperPageExceptionFilter"/> (the developer exception page).
/// </summary>
internal sealed class ApiExceptionProblem : IExceptionHandler, IDeveloperPageExceptionFilter
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<CrmApiEndpointMetadata>() is null || httpContext.Response.HasStarted)
        {
            return false;
        }
        await WriteAsync(httpContext);
        return true;
    }

    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        var http = errorContext.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<CrmApiEndpointMetadata>() is null || http.Response.HasStarted)
        {
            await next(errorContext);
            return;
        }
        http.Response.Clear();
        await WriteAsync(http);
    }

    private static Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = "application/problem+json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            type = ApiProblems.TypeBase + "server-error",
            title = "Something went wrong on our side",
            status = StatusCodes.Status500InternalServerError,
            detail = "The request failed on the server and was logged; nothing in this answer repeats what was sent. Retry later; events are idempotent by id.",
            traceId = http.TraceIdentifier,
        }, JsonSerializerOptions.Web), http.RequestAborted);
    }
}

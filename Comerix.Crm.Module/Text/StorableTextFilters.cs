using Comerix.Crm.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Comerix.Crm.Text;

/// <summary>
/// <see cref="StorableRequestText"/> applied to every page (a global MVC filter, so pages the host adds are covered
/// too) and to every API endpoint (an endpoint filter on the module's groups): a clear 400 naming the parameter,
/// problem+json on the APIs, before any handler runs.
/// </summary>
/// <remarks>An authorization filter (order 0), so it runs before the antiforgery check (order 1000) reads the form.</remarks>
internal sealed class StorableTextPageFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    public int Order => 0;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        // A re-executed error page shows the original request's status; its form is the one already refused.
        if (context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null
            && await StorableRequestText.ProblemAsync(context.HttpContext.Request, context.HttpContext.RequestAborted) is { } problem)
        {
            // The answer names the parameter; the host's generic status page must not replace it.
            if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/plain; charset=utf-8",
                Content = $"This request was not processed: {problem}. Nothing was searched for or stored; go back and remove the character.",
            };
        }
    }
}

/// <remarks>
/// The APIs take no forms: their bodies are JSON, checked where JsonRequestBody reads them. So only the address is
/// checked here; reading a body labelled as a form would consume it (RudderStack's node SDK labels its gzipped JSON
/// batch <c>application/x-www-form-urlencoded</c>, and that body must reach the endpoint unread).
/// </remarks>
internal static class StorableTextEndpointFilter
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (StorableRequestText.AddressProblem(http.Request) is { } problem)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "A parameter holds text that cannot be stored",
                $"{char.ToUpperInvariant(problem[0])}{problem[1..]}; send it without that character.");
        }
        return await next(context);
    }
}

using Comerix.Crm.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Comerix.Crm.Text;

/// <summary>
/// <see cref="StorableRequestText"/> applied to every page (a global MVC filter, so pages the host adds are covered
/// too) and to every API endpoint (an endpoint filter on the module's groups): a clear 400 naming the parameter,
/// problem+json on the APIs, before any handler runs.
/// </summary>
public sealed class StorableTextPageFilter : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        if (await StorableRequestText.ProblemAsync(context.HttpContext.Request, context.HttpContext.RequestAborted) is { } problem)
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/plain; charset=utf-8",
                Content = $"This request was not processed: {problem}, which cannot be searched for or stored. Go back and remove it.",
            };
            return;
        }
        await next();
    }
}

internal static class StorableTextEndpointFilter
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await StorableRequestText.ProblemAsync(http.Request, http.RequestAborted) is { } problem)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "A parameter holds text that cannot be stored",
                $"{char.ToUpperInvariant(problem[0])}{problem[1..]}; send it without that character.");
        }
        return await next(context);
    }
}

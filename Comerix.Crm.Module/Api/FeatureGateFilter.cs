using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Api;

/// <summary>On a tenant that has not enabled the CRM, its APIs do not exist: 404, as its admin pages.</summary>
internal sealed class FeatureGateFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var features = context.HttpContext.RequestServices.GetRequiredService<ITenantFeatures>();
        return await features.IsEnabledAsync(context.HttpContext, CrmFeatures.Customers)
            ? await next(context)
            : ApiProblems.NotFound("The CRM is not enabled on this site.");
    }
}

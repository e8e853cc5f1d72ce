using Comerix.Crm.Api;

namespace Comerix.SiteHost.Extensions;

/// <summary>
/// Errors as their reader expects them: friendly status pages for people; problem+json for the APIs, also where
/// routing answered (a path no endpoint has, an id that does not fit its route, a method the path does not take).
/// </summary>
public static class ErrorPageExtensions
{
    public static void UseErrorPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
        }
        app.UseWhen(context => !IsApiRequest(context.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(context => IsApiRequest(context.Request.Path), api => api.UseCrmApiStatusProblems());
    }

    // Runs before the tenant's /t/{prefix} is moved into PathBase, so a prefix is skipped here.
    private static bool IsApiRequest(PathString path)
    {
        if (path.StartsWithSegments("/t", out var rest) && rest.Value is { Length: > 1 } value)
        {
            var next = value.IndexOf('/', 1);
            path = next < 0 ? PathString.Empty : new PathString(value[next..]);
        }
        return path.StartsWithSegments("/api") || path.StartsWithSegments("/v1") || path.StartsWithSegments("/sourceConfig")
            || path.StartsWithSegments("/openapi");
    }
}

using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Pages;

/// <summary>
/// The admin pages' address. Their <c>@page</c> routes are written under the default "/admin/customers"; a route
/// convention moves them under <see cref="CrmOptions.AdminPath"/>. Links and redirects name pages, never addresses, so
/// they follow.
/// </summary>
internal static class CrmAdminPageRoutes
{
    /// <summary>The prefix the pages' own <c>@page</c> routes are written with.</summary>
    private const string WrittenPrefix = "admin/customers";

    /// <summary>The folder of the pages that move (Razor Pages' page paths, not addresses).</summary>
    private const string PagesFolder = "/Admin/Customers";

    public static IServiceCollection AddCrmAdminPageRoutes(this IServiceCollection services)
    {
        // Read when Razor Pages builds its routes, from the options the host registered.
        services.AddOptions<RazorPagesOptions>().Configure<CrmOptions>((pages, crm) =>
        {
            if (Problem(crm.AdminPath) is { } problem)
            {
                throw new InvalidOperationException($"Crm:AdminPath {problem}");
            }
            var prefix = crm.AdminPath.TrimStart('/');
            pages.Conventions.AddFolderRouteModelConvention(PagesFolder, model => Move(model, prefix));
        });
        return services;
    }

    /// <summary>What is wrong with <paramref name="path"/> as the admin's address, said to whoever set it; null when it is fine.</summary>
    internal static string? Problem(string? path) => path switch
    {
        null or "" => "is empty: give the admin pages' address, e.g. \"/admin/customers\".",
        _ when !path.StartsWith('/') => $"must start with '/' (got \"{path}\"), e.g. \"/admin/customers\".",
        _ when path.EndsWith('/') => $"must not end with '/' (got \"{path}\"), e.g. \"/admin/customers\".",
        _ when path.IndexOfAny(['?', '#']) >= 0 => $"is a path only, without '?' or '#' (got \"{path}\").",
        _ when path.Any(char.IsWhiteSpace) => $"must not contain spaces (got \"{path}\").",
        _ => null,
    };

    private static void Move(PageRouteModel model, string prefix)
    {
        foreach (var selector in model.Selectors)
        {
            if (selector.AttributeRouteModel?.Template is { } template
                && template.StartsWith(WrittenPrefix, StringComparison.OrdinalIgnoreCase)
                && (template.Length == WrittenPrefix.Length || template[WrittenPrefix.Length] == '/'))
            {
                selector.AttributeRouteModel.Template = prefix + template[WrittenPrefix.Length..];
            }
        }
    }
}

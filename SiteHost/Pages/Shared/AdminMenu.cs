using Comerix.Crm;
using Comerix.Crm.Navigation;
using Microsoft.AspNetCore.Authorization;

namespace Comerix.SiteHost.Pages.Shared;

/// <summary>The admin menu for the current user: entries whose permission they hold, on features their tenant enabled.</summary>
public sealed class AdminMenu(IEnumerable<INavigationProvider> providers, IAuthorizationService authorization, ITenantFeatures features)
{
    public async Task<IReadOnlyList<IGrouping<string, NavigationItem>>> BuildAsync(HttpContext context)
    {
        var visible = new List<NavigationItem>();
        foreach (var item in providers.SelectMany(p => p.GetAdminItems()))
        {
            if (item.Feature is { } feature && !await features.IsEnabledAsync(context, feature))
            {
                continue;
            }
            if ((await authorization.AuthorizeAsync(context.User, item.Permission)).Succeeded)
            {
                visible.Add(item);
            }
        }
        return visible.OrderBy(i => i.Position).GroupBy(i => i.Group).ToList();
    }
}

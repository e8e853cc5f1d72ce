using Comerix.Crm.Navigation;
using Comerix.Crm.Security;

namespace Comerix.SiteHost.Demo;

/// <summary>The demo sources' record pages, so the links from a contact have somewhere real to go.</summary>
internal sealed class DemoAdminMenu : INavigationProvider
{
    public IEnumerable<NavigationItem> GetAdminItems() =>
    [
        new("Demo sources", "Transcripts", "~/admin/demo/conversations", CrmPermissions.ViewName, Position: 1, Icon: "chat", Feature: null),
        new("Demo sources", "Forms inbox", "~/admin/demo/forms", CrmPermissions.ViewName, Position: 2, Icon: "form", Feature: null),
    ];
}

using Comerix.Crm.Security;

namespace Comerix.Crm.Navigation;

/// <summary>Customers → Contacts, Matching. The Activity inbox joins the menu when its page exists.</summary>
internal sealed class CrmAdminMenu : INavigationProvider
{
    public const string Group = "Customers";

    public IEnumerable<NavigationItem> GetAdminItems() =>
    [
        new(Group, "Contacts", "~/admin/customers", CrmPermissions.ViewName, Position: 1, Icon: "contacts"),
        new(Group, "Matching", "~/admin/customers/matching", CrmPermissions.ViewName, Position: 3, Icon: "matching"),
    ];
}

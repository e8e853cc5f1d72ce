using Comerix.Crm.Security;

namespace Comerix.Crm.Navigation;

/// <summary>Customers → Contacts. Activity and Matching join the menu when their pages exist.</summary>
internal sealed class CrmAdminMenu : INavigationProvider
{
    public const string Group = "Customers";

    public IEnumerable<NavigationItem> GetAdminItems() =>
    [
        new(Group, "Contacts", "~/admin/customers", CrmPermissions.ViewName, Position: 1, Icon: "contacts"),
    ];
}

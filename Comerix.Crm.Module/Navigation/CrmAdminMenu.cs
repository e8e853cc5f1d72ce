using Comerix.Crm.Security;

namespace Comerix.Crm.Navigation;

/// <summary>Customers → Contacts, Activity, Matching (seed 000's menu).</summary>
internal sealed class CrmAdminMenu : INavigationProvider
{
    public const string Group = "Customers";

    public IEnumerable<NavigationItem> GetAdminItems() =>
    [
        new(Group, "Contacts", "~/admin/customers", CrmPermissions.ViewName, Position: 1, Icon: "contacts"),
        new(Group, "Activity", "~/admin/customers/activity", CrmPermissions.ViewName, Position: 2, Icon: "activity"),
        new(Group, "Matching", "~/admin/customers/matching", CrmPermissions.ViewName, Position: 3, Icon: "matching"),
    ];
}

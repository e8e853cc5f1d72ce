namespace Comerix.Crm.Navigation;

/// <summary>A module's contribution to the admin menu (Orchard Core's admin menu provider, in plain ASP.NET Core).</summary>
public interface INavigationProvider
{
    IEnumerable<NavigationItem> GetAdminItems();
}

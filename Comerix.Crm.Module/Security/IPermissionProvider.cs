namespace Comerix.Crm.Security;

/// <summary>A module declares its permissions once, here; hosts list them, grant them to roles and enforce them.</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();

    /// <summary>The roles a default setup creates and what each is granted.</summary>
    IEnumerable<PermissionStereotype> GetDefaultStereotypes();
}

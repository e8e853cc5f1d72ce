namespace Comerix.Crm.Security;

/// <summary>The module's three permissions, as seed 000 names them.</summary>
public sealed class CrmPermissions : IPermissionProvider
{
    public const string ViewName = "comerix.crm.view";
    public const string ManageName = "comerix.crm.manage";
    public const string DeletePersonalDataName = "comerix.crm.pii.delete";

    public static readonly Permission Manage = new(ManageName, "Create, edit and merge customers");
    public static readonly Permission View = new(ViewName, "View customers, the identity graph, timelines and the Activity inbox", Manage);
    /// <summary>Deliberately implied by nothing: erasure is granted on its own, to Administrators by default.</summary>
    public static readonly Permission DeletePersonalData = new(DeletePersonalDataName, "Delete & forget a customer (GDPR erasure)");

    public static IReadOnlyList<Permission> All { get; } = [View, Manage, DeletePersonalData];

    public IEnumerable<Permission> GetPermissions() => All;

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new("Administrator", All),
        new("Manager", [View, Manage]),
        new("Viewer", [View]),
    ];
}

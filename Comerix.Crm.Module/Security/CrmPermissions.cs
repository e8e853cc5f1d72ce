namespace Comerix.Crm.Security;

/// <summary>The module's permissions: seed 000's three, the audit log's, the CSV export's and one person's data export.</summary>
public sealed class CrmPermissions : IPermissionProvider
{
    public const string ViewName = "comerix.crm.view";
    public const string ManageName = "comerix.crm.manage";
    public const string DeletePersonalDataName = "comerix.crm.pii.delete";
    public const string ViewAuditLogName = "comerix.crm.audit";
    public const string ExportName = "comerix.crm.export";
    public const string ExportPersonalDataName = "comerix.crm.pii.export";

    public static readonly Permission Manage = new(ManageName, "Create, edit and merge customers");
    public static readonly Permission View = new(ViewName, "View customers, the identity graph, timelines and the Activity inbox", Manage);
    /// <summary>Deliberately implied by nothing: erasure is granted on its own, to Administrators by default.</summary>
    public static readonly Permission DeletePersonalData = new(DeletePersonalDataName, "Delete & forget a customer (GDPR erasure)");

    /// <summary>The audit log records who did what to whom (by contact id): for Administrators by default.</summary>
    public static readonly Permission ViewAuditLog = new(ViewAuditLogName, "View and verify the audit log");

    /// <summary>
    /// The whole directory in one file is a bulk copy of personal data, so it is granted on its own (implied by nothing,
    /// not even manage): Administrators and Managers by default, never Viewers.
    /// </summary>
    public static readonly Permission Export = new(ExportName, "Export the contacts list as CSV (a bulk copy of personal data)");

    /// <summary>
    /// Access and portability: everything held about one person (timeline payloads, notes, linked records) in one
    /// document. Implied by nothing, like erasure: Administrators by default.
    /// </summary>
    public static readonly Permission ExportPersonalData = new(ExportPersonalDataName, "Download one customer's personal data (access and portability requests)");

    public static IReadOnlyList<Permission> All { get; } = [View, Manage, DeletePersonalData, ViewAuditLog, Export, ExportPersonalData];

    public IEnumerable<Permission> GetPermissions() => All;

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new("Administrator", All),
        new("Manager", [View, Manage, Export]),
        new("Viewer", [View]),
    ];
}

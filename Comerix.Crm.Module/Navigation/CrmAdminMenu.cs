using Comerix.Crm.Matching;
using Comerix.Crm.Security;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Navigation;

/// <summary>Customers → Contacts, Activity, Matching (with its pending reviews), API keys, the audit log, webhooks, contact fields and lifecycle stages.</summary>
internal sealed class CrmAdminMenu(CrmOptions options) : INavigationProvider
{
    public const string Group = "Customers";

    public IEnumerable<NavigationItem> GetAdminItems() =>
    [
        new(Group, "Contacts", "~" + options.AdminPath, CrmPermissions.ViewName, Position: 1, Icon: "contacts"),
        new(Group, "Activity", "~" + options.AdminPath + "/activity", CrmPermissions.ViewName, Position: 2, Icon: "activity"),
        new(Group, "Matching", "~" + options.AdminPath + "/matching", CrmPermissions.ViewName, Position: 3, Icon: "matching", Badge: PendingReviewsAsync),
        new(Group, "API keys", "~" + options.AdminPath + "/api-keys", CrmPermissions.ManageName, Position: 4, Icon: "keys"),
        new(Group, "Audit log", "~" + options.AdminPath + "/audit", CrmPermissions.ViewAuditLogName, Position: 5, Icon: "audit"),
        new(Group, "Webhooks", "~" + options.AdminPath + "/webhooks", CrmPermissions.ManageName, Position: 6, Icon: "webhooks"),
        new(Group, "Contact fields", "~" + options.AdminPath + "/fields", CrmPermissions.ManageName, Position: 7, Icon: "fields"),
        new(Group, "Lifecycle stages", "~" + options.AdminPath + "/stages", CrmPermissions.ManageName, Position: 8, Icon: "stages"),
        new(Group, "Segments", "~" + options.AdminPath + "/segments", CrmPermissions.ViewName, Position: 9, Icon: "segments"),
    ];

    private static Task<int> PendingReviewsAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<MergeReviewQueue>()
            .CountPendingAsync(context.RequestServices.GetRequiredService<ICrmTenantAccessor>().CurrentTenantId, context.RequestAborted);
}

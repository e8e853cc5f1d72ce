using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Pages.Admin;

/// <summary>
/// Base of the module's admin pages: the current tenant, the acting user, and a 404 on tenants that have not
/// enabled the feature (permissions are checked earlier, by each page's [Authorize] policy).
/// </summary>
internal abstract class CrmAdminPageModel : PageModel
{
    protected string TenantId => HttpContext.RequestServices.GetRequiredService<ICrmTenantAccessor>().CurrentTenantId;

    protected string Actor => User.Identity?.Name ?? "unknown";

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Added to a status message when a form acted on the survivor of the contact it was opened for.</summary>
    protected static string MergedMeanwhile(long requestedId, Contacts.Contact contact) => requestedId == contact.Id ? ""
        : $" Contact #{requestedId} had been merged into {Contacts.Directory.ContactNames.Display(contact)} (#{contact.Id}) meanwhile, so it was done here.";

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var features = HttpContext.RequestServices.GetRequiredService<ITenantFeatures>();
        if (!await features.IsEnabledAsync(HttpContext, CrmFeatures.Customers))
        {
            context.Result = NotFound();
            return;
        }
        await next();
    }
}

using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>The Contacts list's current filters, every page, as a CSV download: for those who see the list and may export it.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
[Authorize(Policy = CrmPermissions.ExportName)]
internal sealed class ExportModel(ContactCsvExport export, TimeProvider time) : ContactFilterPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var query = FilterQuery();
        if (FilterProblems.Count > 0)
        {
            // Never a wider file than was asked for (an unknown "contactable" would otherwise export everyone).
            return new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest, ContentType = "text/plain; charset=utf-8",
                Content = "Nothing was exported: " + string.Join("; ", FilterProblems) + ".",
            };
        }
        var fileName = $"contacts-{query.EffectiveAudience}-{time.GetUtcNow():yyyyMMdd-HHmm}.csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        // Personal data: no cache, shared or private, may keep a copy.
        Response.Headers.CacheControl = "no-store";
        await export.WriteAsync(TenantId, query, Actor, Response.Body, cancellationToken);
        return new EmptyResult();
    }
}

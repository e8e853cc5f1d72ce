using System.Text;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Import;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Import;

/// <summary>The rows an import could not take, as CSV (row number and reason), to fix in the file and import again.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
public sealed class ErrorsModel(ImportService imports) : CrmAdminPageModel
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await imports.FindAsync(TenantId, id, cancellationToken) is not { } job)
        {
            return NotFound();
        }
        var csv = new StringBuilder("\uFEFFrow,reason\r\n");
        foreach (var error in ImportService.Errors(job))
        {
            csv.Append(error.Row).Append(',');
            ContactCsvExport.AppendText(csv, error.Reason).Append("\r\n");
        }
        var name = Path.GetFileNameWithoutExtension(job.FileName);
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"{name}-not-imported.csv");
    }
}

using System.Globalization;
using System.Text;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Import;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Import;

/// <summary>
/// An import's report as CSV: each row not imported, or imported without a value it held, with its number, the reason
/// and the row's cells as the file had them (while the report keeps them), under the file's own header, so it can be
/// fixed and imported again (the two report columns are left out by the import's guess). Every cell, the header's
/// names from the uploaded file too, is written spreadsheet-safe.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class ErrorsModel(ImportService imports) : CrmAdminPageModel
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await imports.FindAsync(TenantId, id, cancellationToken) is not { } job)
        {
            return NotFound();
        }
        var csv = new StringBuilder("\uFEFF");
        AppendLine(csv, [ImportFields.ReportRowColumn, ImportFields.ReportProblemColumn, .. ImportService.Header(job)]);
        foreach (var error in ImportService.Errors(job))
        {
            AppendLine(csv, [error.Row.ToString(CultureInfo.InvariantCulture), error.Reason, .. error.Cells ?? []]);
        }
        var name = Path.GetFileNameWithoutExtension(job.FileName);
        Response.Headers.CacheControl = "no-store";
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"{name}-not-imported.csv");
    }

    private static void AppendLine(StringBuilder csv, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            ContactCsvExport.AppendText(i == 0 ? csv : csv.Append(','), cells[i]);
        }
        csv.Append("\r\n");
    }
}

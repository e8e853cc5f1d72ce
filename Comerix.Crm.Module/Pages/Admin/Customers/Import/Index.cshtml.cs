using Comerix.Crm.Import;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Import;

/// <summary>Import customers from a CSV file: upload it here, then map its columns on the import's own page.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
[RequestSizeLimit(ImportService.MaxFileBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportService.MaxFileBytes + 1024 * 1024)]
public sealed class IndexModel(ImportService imports) : CrmAdminPageModel
{
    public IReadOnlyList<ImportJob> Recent { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Recent = await imports.RecentAsync(TenantId, cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            Error = "Choose a CSV file to upload.";
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var result = await imports.UploadAsync(TenantId, file.FileName, stream, Actor, cancellationToken);
            if (result.Job is { } job)
            {
                return RedirectToPage("/Admin/Customers/Import/Job", new { id = job.Id });
            }
            Error = result.Error;
        }
        Recent = await imports.RecentAsync(TenantId, cancellationToken);
        return Page();
    }
}

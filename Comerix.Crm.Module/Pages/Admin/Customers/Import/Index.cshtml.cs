using Comerix.Crm.Import;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Import;

/// <summary>Import customers from a CSV file: upload it here, then map its columns on the import's own page.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
// Ordered before the storable-text check (an authorization filter of order 0 that reads the form): at their default
// order (900) these filters ran after it, found the body already read, and logged a warning on every upload.
[RefuseOversizedImport]
[RequestSizeLimit(ImportUploadSize.MaxRequestBytes, Order = -1)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportUploadSize.MaxRequestBytes, Order = -1)]
internal sealed class IndexModel(ImportService imports) : CrmAdminPageModel
{
    public IReadOnlyList<ImportJob> Recent { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>Set by <see cref="RefuseOversizedImportAttribute"/> when it sent an over-large upload back here.</summary>
    [TempData(Key = ImportUploadSize.RefusedKey)]
    public string? Refused { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Error = Refused;
        Recent = await imports.RecentAsync(TenantId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            Error = "Choose a CSV file to upload.";
        }
        else if (file.Length > ImportService.MaxFileBytes)
        {
            Error = ImportUploadSize.TooLarge(file.Length);
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

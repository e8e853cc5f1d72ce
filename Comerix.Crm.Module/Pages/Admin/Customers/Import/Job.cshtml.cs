using Comerix.Crm.Import;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Import;

/// <summary>
/// One import: while it waits, map each column to a field and preview the first rows; once started, its progress
/// (the page refreshes itself); once done, what it did and the rows it could not import.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class JobModel(ImportService imports) : CrmAdminPageModel
{
    public ImportJob Job { get; private set; } = null!;

    public IReadOnlyList<string> Header { get; private set; } = [];

    /// <summary>One field per column: as posted, or as saved.</summary>
    [BindProperty(Name = "map")]
    public List<string?> Mapping { get; set; } = [];

    public IReadOnlyList<ImportRow> Preview { get; private set; } = [];

    /// <summary>The site's contact fields by key, each a choice for a column.</summary>
    public IReadOnlyDictionary<string, Contacts.CustomField> Fields => Targets.Fields;

    /// <summary>What cells can name beyond the standard columns: fields, stages, team members.</summary>
    public ImportTargets Targets { get; private set; } = ImportTargets.None;

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];

    /// <summary>The rows that go in with the mapping on screen (rows with a problem in the preview do not).</summary>
    public int Importable { get; private set; }

    /// <summary>Rows imported without a value they held (as far as the report lists them).</summary>
    public int ImportedWithout => Errors.Count(e => e.Imported);

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Mapping = ImportService.Mapping(Job).Select(f => (string?)f).ToList();
        if (Job.Status == ImportStatus.Running)
        {
            // Progress without JavaScript: the browser asks again every two seconds until the import is done.
            Response.Headers["Refresh"] = "2";
        }
        ShowPreview();
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (Job.Status != ImportStatus.Uploaded)
        {
            return RedirectToPage(new { id });
        }
        Error = ImportService.CheckMapping(Job, Posted());
        if (Posted().All(ImportFields.IsKnown) && Posted().Count == Header.Count)
        {
            await imports.SaveMappingAsync(TenantId, id, Posted(), cancellationToken);
        }
        ShowPreview();
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Error = ImportService.CheckMapping(Job, Posted());
        if (Error is null && Job.Status == ImportStatus.Uploaded && imports.Importable(Job, Posted(), Targets) == 0)
        {
            Error = "No row can be imported with these columns: the preview says what is wrong with each.";
        }
        if (Error is not null)
        {
            ShowPreview();
            return Page();
        }
        if (await imports.StartAsync(TenantId, id, Posted(), Actor, cancellationToken))
        {
            StatusMessage = $"Import of {Job.FileName} started.";
        }
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDiscardAsync(string id, CancellationToken cancellationToken)
    {
        if (await imports.DiscardAsync(TenantId, id, cancellationToken))
        {
            StatusMessage = "The upload was discarded; nothing was imported.";
        }
        return RedirectToPage("/Admin/Customers/Import/Index");
    }

    public string ProgressPercent => Job.TotalRows == 0 ? "0" : (100 * Job.Processed / Job.TotalRows).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void ShowPreview()
    {
        Preview = imports.Preview(Job, Posted(), Targets);
        if (Job.Status == ImportStatus.Uploaded)
        {
            Importable = imports.Importable(Job, Posted(), Targets);
        }
    }

    private List<string> Posted() => Mapping.Select(f => f ?? ImportFields.Ignore).ToList();

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await imports.FindAsync(TenantId, id, cancellationToken) is not { } job)
        {
            return false;
        }
        Job = job;
        Targets = await imports.TargetsAsync(TenantId, cancellationToken);
        Header = ImportService.Header(job);
        Errors = ImportService.Errors(job);
        return true;
    }
}

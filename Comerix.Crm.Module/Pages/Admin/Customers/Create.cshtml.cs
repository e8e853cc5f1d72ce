using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class CreateModel(ContactEditor editor) : CrmAdminPageModel
{
    [BindProperty]
    public NewContactForm Input { get; set; } = new();

    /// <summary>Contacts already holding a value that was entered, by field: the page links to them.</summary>
    public Dictionary<string, long> Holders { get; } = [];

    /// <summary>The field the cursor starts in: the first one with a problem, else Name.</summary>
    public string Focus => new[] { nameof(NewContactForm.Name), nameof(NewContactForm.Email), nameof(NewContactForm.Phone), nameof(NewContactForm.Company) }
        .FirstOrDefault(f => ModelState.TryGetValue($"{nameof(Input)}.{f}", out var entry) && entry.Errors.Count > 0) ?? nameof(NewContactForm.Name);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await editor.CreateAsync(TenantId, Input, Actor, cancellationToken);
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError($"{nameof(Input)}.{error.Field}", error.Message);
            if (error.HolderId is { } holder)
            {
                Holders[error.Field] = holder;
            }
        }
        if (result.ContactId is not { } id)
        {
            return Page();
        }
        StatusMessage = "Customer added.";
        return RedirectToPage("/Admin/Customers/Details", new { id });
    }
}

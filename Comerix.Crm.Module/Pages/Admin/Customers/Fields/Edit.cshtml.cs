using Comerix.Crm.Contacts.Fields;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Fields;

/// <summary>Changing a field's label, choices, help text or position. Its key and type stay; its values are kept.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class EditModel(CustomFieldDefinitions definitions) : CrmAdminPageModel
{
    [BindProperty]
    public FieldForm Input { get; set; } = new();

    /// <summary>The field's type, read from the database (never from the form).</summary>
    public string Type { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (await definitions.FindAsync(TenantId, key, cancellationToken) is not { } field)
        {
            return NotFound();
        }
        Input = FieldForm.Of(field);
        Type = field.Type;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken cancellationToken)
    {
        if (await definitions.FindAsync(TenantId, key, cancellationToken) is not { } field)
        {
            return NotFound();
        }
        Input.Key = field.Key;
        Input.Type = Type = field.Type;
        var problems = await definitions.UpdateAsync(TenantId, field.Key, Input.Draft(), Actor, cancellationToken);
        if (problems.Count > 0)
        {
            foreach (var (name, problem) in problems)
            {
                ModelState.AddModelError(name.Length == 0 ? "" : $"{nameof(Input)}.{name}", problem);
            }
            return Page();
        }
        StatusMessage = $"Saved the field \u201C{Input.Label?.Trim()}\u201D. Contacts keep their values.";
        return RedirectToPage("/Admin/Customers/Fields/Index");
    }
}

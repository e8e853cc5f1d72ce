using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

[Authorize(Policy = CrmPermissions.ManageName)]
public sealed class CreateModel(ContactEditor editor) : CrmAdminPageModel
{
    [BindProperty]
    public NewContactForm Input { get; set; } = new();

    public void OnGet()
    {
    }

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
        }
        if (result.ContactId is not { } id)
        {
            return Page();
        }
        StatusMessage = "Customer added.";
        return Redirect($"~/admin/customers/{id}");
    }
}

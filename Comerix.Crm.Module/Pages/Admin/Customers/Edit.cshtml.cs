using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class EditModel(ContactDetailsReader reader, ContactEditor editor) : ContactPageModel(reader)
{
    [BindProperty]
    public ContactProfileForm Input { get; set; } = new();

    public string ContactName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var opening = await OpenContactAsync(id, cancellationToken);
        if (opening.Contact is not { } contact)
        {
            return opening.Instead;
        }
        ContactName = ContactNames.Display(contact);
        Input = new ContactProfileForm { Name = contact.DisplayName, Company = contact.Company };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var lookup = await Contacts.FindAsync(TenantId, id, cancellationToken);
        if (lookup?.Live is not { } contact)
        {
            return NotFound();
        }
        ContactName = ContactNames.Display(contact);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!await editor.UpdateProfileAsync(TenantId, id, Input, Actor, cancellationToken))
        {
            ModelState.AddModelError("", "This contact was merged or deleted while you were editing. Nothing was saved.");
            return Page();
        }
        StatusMessage = "Profile saved.";
        return RedirectToPage("/Admin/Customers/Details", new { id });
    }
}

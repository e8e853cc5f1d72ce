using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Adding a note to a contact's timeline. The profile page posts here; this page shows itself only when the note
/// needs fixing (empty, too long), with what was typed still in the box.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
public sealed class NotesModel(ContactDetailsReader reader, ContactEditor editor) : CrmAdminPageModel
{
    [BindProperty]
    public ContactNoteForm Input { get; set; } = new();

    public string ContactName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var lookup = await reader.FindAsync(TenantId, id, cancellationToken);
        if (lookup?.SurvivorId is { } survivor)
        {
            return Redirect($"~/admin/customers/{survivor}/notes");
        }
        if (lookup?.Live is not { } contact)
        {
            return NotFound();
        }
        ContactName = ContactNames.Display(contact);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        // A note written on a contact merged away meanwhile belongs to the person, now the survivor.
        if (await reader.FindLiveAsync(TenantId, id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        ContactName = ContactNames.Display(contact);
        if (string.IsNullOrWhiteSpace(Input.Text))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Text)}", "Write the note first.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!await editor.AddNoteAsync(TenantId, contact.Id, Input.Text!, Actor, cancellationToken: cancellationToken))
        {
            ModelState.AddModelError("", "This contact was deleted while you were writing. The note was not saved.");
            return Page();
        }
        StatusMessage = "Note added to the timeline." + MergedMeanwhile(id, contact);
        return Redirect($"~/admin/customers/{contact.Id}#activity");
    }
}

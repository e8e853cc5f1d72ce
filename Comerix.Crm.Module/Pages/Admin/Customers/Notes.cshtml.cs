using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Adding a note to a contact's timeline from the box above it. A note that needs fixing (empty, too long) shows the
/// profile again with the problem beside the box and what was typed still in it.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class NotesModel(ContactProfileReader profiles, ContactEditor editor) : ProfilePageModel(profiles)
{
    [BindProperty]
    public ContactNoteForm Input { get; set; } = new();

    public Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) => ShowProfileAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        // A note written on a contact merged away meanwhile belongs to the person, now the survivor.
        if (await FindLiveContactAsync(id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        Forms.NoteText = Input.Text;
        if (string.IsNullOrWhiteSpace(Input.Text))
        {
            Forms.NoteError = "Write the note first.";
        }
        else if (ModelState[$"{nameof(Input)}.{nameof(Input.Text)}"]?.Errors.FirstOrDefault() is { } invalid)
        {
            Forms.NoteError = invalid.ErrorMessage;
        }
        else if (!await editor.AddNoteAsync(TenantId, contact.Id, Input.Text!, Actor, cancellationToken: cancellationToken))
        {
            Forms.NoteError = "This contact was deleted while you were writing. The note was not saved.";
        }
        if (Forms.NoteError is not null)
        {
            return await ShowProfileAsync(contact, null, cancellationToken);
        }
        StatusMessage = "Note added to the timeline." + MergedMeanwhile(id, contact);
        return RedirectToPage("/Admin/Customers/Details", null, new { id = contact.Id }, "activity");
    }
}

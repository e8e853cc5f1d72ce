using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Marking a contact "do not contact", and lifting it, from the profile's Profile card. A form that needs fixing (no
/// reason chosen, no words on why contact is allowed again) shows the profile again with the problem beside the form
/// and what was typed kept.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class DoNotContactModel(ContactProfileReader profiles, DoNotContactList list) : ProfilePageModel(profiles)
{
    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    [BindProperty(Name = "why")]
    public string? Why { get; set; }

    public Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) => ShowProfileAsync(id, cancellationToken);

    public Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, (contact, ct) => list.MarkAsync(TenantId, contact.Id, Reason, Actor, ct), "Marked do not contact.", cancellationToken);

    public Task<IActionResult> OnPostAllowAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, (contact, ct) => list.AllowAsync(TenantId, contact.Id, Why, Actor, ct), "Contact allowed again; the reason is on the timeline.", cancellationToken);

    private async Task<IActionResult> ActAsync(long id, Func<Contact, CancellationToken, Task<string?>> act, string done, CancellationToken cancellationToken)
    {
        if (await FindLiveContactAsync(id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        if (await act(contact, cancellationToken) is { } problem)
        {
            Forms.ReachWhy = Why;
            Forms.ReachError = problem;
            return await ShowProfileAsync(contact, null, cancellationToken);
        }
        StatusMessage = done + MergedMeanwhile(id, contact);
        return RedirectToPage("/Admin/Customers/Details", null, new { id = contact.Id }, "reach");
    }
}

using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Marking a contact "do not contact", and lifting it. The profile posts here; this page itself shows when the form
/// needs fixing (no reason chosen, no words on why contact is allowed again), with what was typed kept.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
public sealed class DoNotContactModel(ContactDetailsReader reader, DoNotContactList list) : CrmAdminPageModel
{
    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    [BindProperty(Name = "why")]
    public string? Why { get; set; }

    public long ContactId { get; private set; }

    public string ContactName { get; private set; } = "";

    public DoNotContact? Current { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var lookup = await reader.FindAsync(TenantId, id, cancellationToken);
        if (lookup?.SurvivorId is { } survivor)
        {
            return Redirect($"~/admin/customers/{survivor}/do-not-contact");
        }
        return lookup?.Live is { } contact ? await ShowAsync(contact, null, cancellationToken) : NotFound();
    }

    public Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, (contact, ct) => list.MarkAsync(TenantId, contact.Id, Reason, Actor, ct), "Marked do not contact.", cancellationToken);

    public Task<IActionResult> OnPostAllowAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, (contact, ct) => list.AllowAsync(TenantId, contact.Id, Why, Actor, ct), "Contact allowed again; the reason is on the timeline.", cancellationToken);

    private async Task<IActionResult> ActAsync(long id, Func<Contact, CancellationToken, Task<string?>> act, string done, CancellationToken cancellationToken)
    {
        if (await reader.FindLiveAsync(TenantId, id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        if (await act(contact, cancellationToken) is { } problem)
        {
            return await ShowAsync(contact, problem, cancellationToken);
        }
        StatusMessage = done + MergedMeanwhile(id, contact);
        return Redirect($"~/admin/customers/{contact.Id}#reach");
    }

    private async Task<IActionResult> ShowAsync(Contact contact, string? problem, CancellationToken cancellationToken)
    {
        ContactId = contact.Id;
        ContactName = ContactNames.Display(contact);
        Current = await list.ForContactAsync(TenantId, contact.Id, cancellationToken);
        Problem = problem;
        return Page();
    }
}

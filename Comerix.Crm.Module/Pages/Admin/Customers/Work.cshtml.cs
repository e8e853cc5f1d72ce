using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// The profile's stage and owner: move the contact to a lifecycle stage, claim it, release it, or reassign it to
/// another team member. Each change is a timeline row. A choice that cannot be made (a stage deleted meanwhile,
/// someone who cannot own contacts) shows the profile again with the problem beside the form.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class WorkModel(ContactProfileReader profiles, ContactStageSetter stages, ContactOwners owners) : ProfilePageModel(profiles)
{
    [BindProperty(Name = "stage")]
    public string? Stage { get; set; }

    [BindProperty(Name = "owner")]
    public string? Owner { get; set; }

    public Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) => ShowProfileAsync(id, cancellationToken);

    public Task<IActionResult> OnPostStageAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, async (contact, ct) =>
        {
            var set = await stages.SetAsync(TenantId, [contact.Id], Stage, Actor, new { contactId = contact.Id }, cancellationToken: ct);
            return (set.Problem, set.Problem is not null ? null
                : set.Result!.Changed == 0 ? "The stage was already that."
                : set.Stage is { } stage ? $"Stage set to {stage.Label}." : "Stage cleared.");
        }, cancellationToken);

    public Task<IActionResult> OnPostClaimAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, async (contact, ct) => Said(await owners.ClaimAsync(TenantId, [contact.Id], Actor, new { contactId = contact.Id }, ct),
            "You own this contact now.", "You own this contact already."), cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, async (contact, ct) => Said(await owners.ReleaseAsync(TenantId, [contact.Id], Actor, new { contactId = contact.Id }, ct),
            "Released: nobody owns this contact now.", "Nobody owned this contact."), cancellationToken);

    public Task<IActionResult> OnPostReassignAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, async (contact, ct) =>
        {
            var set = await owners.ReassignAsync(TenantId, [contact.Id], Owner, Actor, new { contactId = contact.Id }, ct);
            return Said(set, $"{set.Owner} owns this contact now.", $"{set.Owner} owns this contact already.");
        }, cancellationToken);

    private static (string? Problem, string? Done) Said(OwnerSetResult set, string changed, string unchanged) =>
        (set.Problem, set.Problem is not null ? null : set.Result!.Changed > 0 ? changed : unchanged);

    private async Task<IActionResult> ActAsync(long id, Func<Contact, CancellationToken, Task<(string? Problem, string? Done)>> act, CancellationToken cancellationToken)
    {
        if (await FindLiveContactAsync(id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        var (problem, done) = await act(contact, cancellationToken);
        if (problem is not null)
        {
            Forms.WorkError = problem;
            return await ShowProfileAsync(contact, null, cancellationToken);
        }
        StatusMessage = done + MergedMeanwhile(id, contact);
        return RedirectToPage("/Admin/Customers/Details", null, new { id = contact.Id }, "work");
    }
}

using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Erasure;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>Delete &amp; forget. Needs view (to reach the contact) and pii.delete (to erase it).</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
[Authorize(Policy = CrmPermissions.DeletePersonalDataName)]
internal sealed class DeleteModel(ContactFootprintReader footprints, ContactErasureService erasure, DoNotContactList doNotContact) : CrmAdminPageModel
{
    public ContactFootprint Footprint { get; private set; } = null!;

    /// <summary>Set when the person asked not to be contacted: forgetting them also forgets that, unless suppressed.</summary>
    public Contacts.DoNotContact? DoNotContact { get; private set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    [BindProperty]
    public bool Suppress { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var result = await erasure.EraseAsync(TenantId, id, Confirmation, Actor, Suppress, cancellationToken);
        switch (result.Outcome)
        {
            case ErasureOutcome.NotFound:
                return NotFound();
            case ErasureOutcome.NotConfirmed:
                await LoadAsync(id, cancellationToken);
                ModelState.AddModelError(nameof(Confirmation),
                    "That does not match the contact's email or the word DELETE. Nothing was deleted.");
                return Page();
            case ErasureOutcome.AlreadyErased:
                StatusMessage = $"Contact #{id} was already forgotten: nothing was left to erase (0 records).";
                return RedirectToPage("/Admin/Customers/Index");
            case ErasureOutcome.Partial:
                StatusMessage = $"Partly erased: {result.FailedErasers!.Count} of the places holding this person's data could not be reached " +
                    $"({string.Join(", ", result.FailedErasers.Select(n => n[(n.LastIndexOf('.') + 1)..]))}). It is retried automatically; " +
                    "the contact stays until every place is done.";
                return RedirectToPage("/Admin/Customers/Details", new { id });
            default:
                StatusMessage = $"Contact #{id} and their personal data were erased ({result.Total} records). The audit log records the counts.";
                return RedirectToPage("/Admin/Customers/Index");
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await footprints.ReadAsync(TenantId, id, cancellationToken) is not { } footprint)
        {
            return false;
        }
        Footprint = footprint;
        DoNotContact = await doNotContact.ForContactAsync(TenantId, id, cancellationToken);
        return true;
    }
}

using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Erasure;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>Delete &amp; forget. Needs view (to reach the contact) and pii.delete (to erase it).</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
[Authorize(Policy = CrmPermissions.DeletePersonalDataName)]
public sealed class DeleteModel(ContactFootprintReader footprints, ContactErasureService erasure) : CrmAdminPageModel
{
    public ContactFootprint Footprint { get; private set; } = null!;

    [BindProperty]
    public string? Confirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var result = await erasure.EraseAsync(TenantId, id, Confirmation, Actor, cancellationToken);
        switch (result.Outcome)
        {
            case ErasureOutcome.NotFound:
                return NotFound();
            case ErasureOutcome.NotConfirmed:
                await LoadAsync(id, cancellationToken);
                ModelState.AddModelError(nameof(Confirmation),
                    "That does not match the contact's email or the word DELETE. Nothing was deleted.");
                return Page();
            default:
                StatusMessage = $"Contact #{id} and their personal data were erased. The audit log records the counts.";
                return Redirect("~/admin/customers");
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await footprints.ReadAsync(TenantId, id, cancellationToken) is not { } footprint)
        {
            return false;
        }
        Footprint = footprint;
        return true;
    }
}

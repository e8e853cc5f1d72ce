using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

[Authorize(Policy = CrmPermissions.ViewName)]
internal sealed class DetailsModel(ContactProfileReader profiles) : ProfilePageModel(profiles)
{
    [BindProperty(SupportsGet = true)]
    public DateTime? Before { get; set; }

    /// <summary>Set by the redirect from a merged-away id, so the survivor's page can say why the reader landed here.</summary>
    [BindProperty(SupportsGet = true, Name = "merged")]
    public long? Merged { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var opening = await OpenContactAsync(id, cancellationToken);
        if (opening.Contact is not { } contact)
        {
            return opening.Instead;
        }
        if (Merged is { } merged && await Contacts.MergedAwayAtAsync(TenantId, merged, id, cancellationToken) is { } at)
        {
            MergedAway = (merged, at);
        }
        var before = Before is { } b ? DateTime.SpecifyKind(b, DateTimeKind.Utc) : (DateTime?)null;
        return await ShowProfileAsync(contact, before, cancellationToken);
    }

    /// <summary>Permanently, and the survivor's page says which contact the old link or bookmark was for.</summary>
    protected override IActionResult RedirectToSurvivor(long requestedId, long survivorId) =>
        RedirectToPagePermanent(null, new { id = survivorId, merged = requestedId });
}

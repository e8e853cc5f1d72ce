using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

[Authorize(Policy = CrmPermissions.ViewName)]
public sealed class DetailsModel(ContactProfileReader profiles) : ProfilePageModel(profiles)
{
    [BindProperty(SupportsGet = true)]
    public DateTime? Before { get; set; }

    /// <summary>Set by the redirect from a merged-away id, so the survivor's page can say why the reader landed here.</summary>
    [BindProperty(SupportsGet = true, Name = "merged")]
    public long? Merged { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var lookup = await Profiles.Contacts.FindAsync(TenantId, id, cancellationToken);
        if (lookup is null)
        {
            return NotFound();
        }
        if (lookup.SurvivorId is { } survivor)
        {
            // A merged-away id lives on as its survivor: old links and bookmarks keep working, and the survivor's page
            // says which contact they were for.
            return RedirectPermanent($"~/admin/customers/{survivor}?merged={id}");
        }
        if (Merged is { } merged && await Profiles.Contacts.MergedAwayAtAsync(TenantId, merged, id, cancellationToken) is { } at)
        {
            MergedAway = (merged, at);
        }
        var before = Before is { } b ? DateTime.SpecifyKind(b, DateTimeKind.Utc) : (DateTime?)null;
        return await ShowProfileAsync(lookup.Live!, before, cancellationToken);
    }
}

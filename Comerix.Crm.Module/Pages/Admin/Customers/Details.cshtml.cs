using Comerix.Crm.Activity;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

[Authorize(Policy = CrmPermissions.ViewName)]
public sealed class DetailsModel(ContactDetailsReader reader, RecordLinks links, SiteTime siteTime, ContactTagger tagger, DoNotContactList doNotContact) : CrmAdminPageModel
{
    public ContactDetails Details { get; private set; } = null!;

    public RecordLinks Links => links;

    public IReadOnlyList<Contacts.ContactTag> Tags { get; private set; } = [];

    public Contacts.DoNotContact? DoNotContact { get; private set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? Before { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var lookup = await reader.FindAsync(TenantId, id, cancellationToken);
        if (lookup is null)
        {
            return NotFound();
        }
        if (lookup.SurvivorId is { } survivor)
        {
            // A merged-away id lives on as its survivor: old links and bookmarks keep working.
            return RedirectPermanent($"~/admin/customers/{survivor}");
        }
        var before = Before is { } b ? DateTime.SpecifyKind(b, DateTimeKind.Utc) : (DateTime?)null;
        Details = await reader.ReadAsync(lookup.Live!, before, siteTime.Zone, cancellationToken);
        Tags = await tagger.ForContactAsync(TenantId, id, cancellationToken);
        DoNotContact = await doNotContact.ForContactAsync(TenantId, id, cancellationToken);
        return Page();
    }
}

using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Base of the pages about one contact (<c>{id}</c> in their route). A merged-away id lives on as its survivor: a GET
/// is sent to the same page for the survivor (old links and bookmarks keep working), a POST acts on the survivor (a form
/// opened before the merge still belongs to the person); an id that never was, or was erased, is a 404.
/// </summary>
internal abstract class ContactPageModel(ContactDetailsReader contacts) : CrmAdminPageModel
{
    protected ContactDetailsReader Contacts => contacts;

    /// <summary>
    /// For a GET: the live contact <paramref name="id"/>, or else the answer to give instead (this page for its survivor,
    /// or a 404).
    /// </summary>
    protected async Task<ContactOpening> OpenContactAsync(long id, CancellationToken cancellationToken)
    {
        var lookup = await contacts.FindAsync(TenantId, id, cancellationToken);
        return lookup switch
        {
            { SurvivorId: { } survivor } => new ContactOpening(null, RedirectToSurvivor(id, survivor)),
            { Live: { } contact } => new ContactOpening(contact, null),
            _ => new ContactOpening(null, NotFound()),
        };
    }

    /// <summary>For a POST: the live contact <paramref name="id"/>, or its survivor if it was merged away; null (a 404) otherwise.</summary>
    protected Task<Contact?> FindLiveContactAsync(long id, CancellationToken cancellationToken) =>
        contacts.FindLiveAsync(TenantId, id, cancellationToken);

    /// <summary>Where a GET for merged-away <paramref name="requestedId"/> goes: this page, for the survivor.</summary>
    protected virtual IActionResult RedirectToSurvivor(long requestedId, long survivorId) => RedirectToPage(new { id = survivorId });
}

/// <summary>What <see cref="ContactPageModel.OpenContactAsync"/> found: the contact, or the answer to give instead.</summary>
internal sealed record ContactOpening(Contact? Contact, IActionResult? Elsewhere)
{
    /// <summary>The redirect or 404 when there is no live contact to show.</summary>
    public IActionResult Instead => Elsewhere ?? throw new InvalidOperationException("The contact was found; there is nothing to answer instead.");
}

using System.ComponentModel.DataAnnotations;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// A contact's tags. The profile page adds and removes them through this page's handlers; the page itself shows
/// when a tag needs fixing, with what was typed still in the box.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
public sealed class TagsModel(ContactDetailsReader reader, ContactTagger tagger) : CrmAdminPageModel
{
    public sealed class TagForm
    {
        [Display(Name = "Tag")]
        public string? Label { get; set; }
    }

    [BindProperty]
    public TagForm Input { get; set; } = new();

    public string ContactName { get; private set; } = "";

    public long ContactId { get; private set; }

    public IReadOnlyList<ContactTag> Tags { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var lookup = await reader.FindAsync(TenantId, id, cancellationToken);
        if (lookup?.SurvivorId is { } survivor)
        {
            return Redirect($"~/admin/customers/{survivor}/tags");
        }
        return lookup?.Live is { } contact ? await ShowAsync(contact, cancellationToken) : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await reader.FindLiveAsync(TenantId, id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        if (await tagger.AddAsync(TenantId, contact.Id, Input.Label, Actor, cancellationToken) is { } problem)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Label)}", problem);
            return await ShowAsync(contact, cancellationToken);
        }
        StatusMessage = $"Tagged \u201C{ContactTagger.Tidy(Input.Label, out _)}\u201D." + MergedMeanwhile(id, contact);
        return Redirect($"~/admin/customers/{contact.Id}#tags");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, string? key, CancellationToken cancellationToken)
    {
        if (await reader.FindLiveAsync(TenantId, id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        var tag = (await tagger.ForContactAsync(TenantId, contact.Id, cancellationToken)).FirstOrDefault(t => t.Key == key);
        StatusMessage = tag is not null && await tagger.RemoveAsync(TenantId, contact.Id, tag.Key, Actor, cancellationToken)
            ? $"Removed the tag \u201C{tag.Label}\u201D."
            : "That tag was already gone.";
        StatusMessage += MergedMeanwhile(id, contact);
        return Redirect($"~/admin/customers/{contact.Id}#tags");
    }

    private async Task<IActionResult> ShowAsync(Contact contact, CancellationToken cancellationToken)
    {
        ContactId = contact.Id;
        ContactName = ContactNames.Display(contact);
        Tags = await tagger.ForContactAsync(TenantId, contact.Id, cancellationToken);
        return Page();
    }
}

using System.ComponentModel.DataAnnotations;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// A contact's tags, added and removed from the profile's Profile card. A tag that needs fixing shows the profile
/// again with the problem beside the tag box and what was typed still in it.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class TagsModel(ContactProfileReader profiles, ContactTagger tagger) : ProfilePageModel(profiles)
{
    public sealed class TagForm
    {
        [Display(Name = "Tag")]
        public string? Label { get; set; }
    }

    [BindProperty]
    public TagForm Input { get; set; } = new();

    public Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) => ShowProfileAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await FindLiveContactAsync(id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        if (await tagger.AddAsync(TenantId, contact.Id, Input.Label, Actor, cancellationToken) is { } problem)
        {
            Forms.TagLabel = Input.Label;
            Forms.TagError = problem;
            return await ShowProfileAsync(contact, null, cancellationToken);
        }
        StatusMessage = $"Tagged \u201C{ContactTagger.Tidy(Input.Label, out _)}\u201D." + MergedMeanwhile(id, contact);
        return RedirectToPage("/Admin/Customers/Details", null, new { id = contact.Id }, "tags");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, string? key, CancellationToken cancellationToken)
    {
        if (await FindLiveContactAsync(id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        var tag = (await tagger.ForContactAsync(TenantId, contact.Id, cancellationToken)).FirstOrDefault(t => t.Key == key);
        StatusMessage = tag is not null && await tagger.RemoveAsync(TenantId, contact.Id, tag.Key, Actor, cancellationToken)
            ? $"Removed the tag \u201C{tag.Label}\u201D."
            : "That tag was already gone.";
        StatusMessage += MergedMeanwhile(id, contact);
        return RedirectToPage("/Admin/Customers/Details", null, new { id = contact.Id }, "tags");
    }
}

using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>Merge another contact into this one: search it, see what moves, confirm. This contact survives.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class MergeModel(ContactDirectory directory, ContactDetailsReader reader, ContactFootprintReader footprints, IdentityEngine engine, MergeChoices choices)
    : ContactPageModel(reader)
{
    /// <summary>The fields both hold with different values: the form chooses, per field, which survives.</summary>
    public IReadOnlyList<MergeDifference> Differences { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Other { get; set; }

    public ContactFootprint Survivor { get; private set; } = null!;

    public ContactFootprint? Candidate { get; private set; }

    public IReadOnlyList<ContactListRow> Matches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var opening = await OpenContactAsync(id, cancellationToken);
        if (opening.Contact is null)
        {
            return opening.Instead;
        }
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id, long other, CancellationToken cancellationToken)
    {
        // A page opened before this contact was merged away: the person to keep is now its survivor.
        if (await FindLiveContactAsync(id, cancellationToken) is not { } keep || !await LoadAsync(keep.Id, cancellationToken))
        {
            return NotFound();
        }
        try
        {
            // The differences as the contacts hold them now, not as the form saw them; the choices, by field.
            var takeOther = Differences.Where(d => Request.Form["keep:" + d.Key] == MergeChoices.TakeOther).Select(d => d.Key).ToHashSet();
            var result = await engine.MergeAsync(TenantId, other, keep.Id, Actor, cancellationToken);
            var notDone = result.AlreadyOne || takeOther.Count == 0 ? []
                : await choices.ApplyAsync(TenantId, result.SurvivorId, Differences, takeOther, Actor, cancellationToken);
            StatusMessage = (result.AlreadyOne
                ? "These were already one contact; nothing changed."
                : $"Merged contact #{other} into this contact." + (takeOther.Count == 0 ? "" : $" Kept the other contact's {string.Join(", ", Differences.Where(d => takeOther.Contains(d.Key)).Select(d => d.Label.ToLowerInvariant()))}."))
                + string.Concat(notDone.Select(n => $" {n}.")) + MergedMeanwhile(id, keep);
            return RedirectToPage("/Admin/Customers/Details", new { id = result.SurvivorId });
        }
        catch (CrmValidationException ex)
        {
            ModelState.AddModelError("", string.Join(" ", ex.Errors));
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await footprints.ReadAsync(TenantId, id, cancellationToken) is not { } survivor)
        {
            return false;
        }
        Survivor = survivor;
        if (Other is { } other && other != id)
        {
            Candidate = await footprints.ReadAsync(TenantId, other, cancellationToken);
        }
        if (Candidate is { } candidate)
        {
            Differences = await choices.DifferencesAsync(TenantId, survivor.Contact, candidate.Contact, cancellationToken);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var page = await directory.ListAsync(TenantId, new ContactListQuery(Audiences.All, Q), cancellationToken);
            Matches = page.Rows.Where(r => r.Id != id).ToList();
        }
        return true;
    }
}

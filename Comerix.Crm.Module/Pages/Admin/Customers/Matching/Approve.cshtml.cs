using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Matching;

/// <summary>
/// Approve one review item, not blind: both records as they stand now, which one survives (the reviewer chooses;
/// the merge policy's choice first), and what will move, as the manual merge shows it.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class ApproveModel(
    MergeReviewQueue queue, ContactDetailsReader reader, ContactFootprintReader footprints, MergeReviewService reviews, MergeChoices choices)
    : CrmAdminPageModel
{
    /// <summary>The fields both hold with different values, between the survivor chosen and the other.</summary>
    public IReadOnlyList<MergeDifference> Differences { get; private set; } = [];

    /// <summary>The contact to keep (a live id of the pair); the page starts from the merge policy's choice.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Survivor { get; set; }

    public MergeReviewItem Item { get; private set; } = null!;

    /// <summary>One side of the pair: the contact it was queued with, and who that is now (its survivor, if merged since).</summary>
    public sealed record Side(long QueuedId, ContactFootprint Now)
    {
        public bool MergedSince => QueuedId != Now.Contact.Id;
    }

    public IReadOnlyList<Side> Sides { get; private set; } = [];

    public long ChosenId { get; private set; }

    /// <summary>Null when the pair is already one contact: approving only closes the item.</summary>
    public MergePreview? Preview { get; private set; }

    /// <summary>Why the pair cannot be approved (a side was erased).</summary>
    public string? Blocked { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await queue.FindAsync(TenantId, id, cancellationToken) is not { } item)
        {
            return NotFound();
        }
        if (item.Status != MergeReviewStatus.Pending)
        {
            StatusMessage = "Someone decided this pair already; nothing changed.";
            return RedirectToPage("/Admin/Customers/Matching/Index");
        }
        await LoadAsync(item, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await queue.FindAsync(TenantId, id, cancellationToken) is not { } item)
        {
            return NotFound();
        }
        if (Survivor is not { } chosen)
        {
            // Approving blind is what this page exists to prevent: the reviewer names the contact to keep.
            return await RefuseAsync(item, StatusCodes.Status400BadRequest, "Choose which contact survives, then approve.", cancellationToken);
        }
        try
        {
            // The differences between the pair as they are now (this survivor's), and the choices the form made by field.
            await LoadAsync(item, cancellationToken);
            var takeOther = ChosenId == chosen
                ? Differences.Where(d => Request.Form["keep:" + d.Key] == MergeChoices.TakeOther).Select(d => d.Key).ToHashSet()
                : [];
            var result = await reviews.ApproveAsync(TenantId, id, Actor, chosen, cancellationToken);
            var notDone = result.AlreadyDecided || result.SurvivorId is not { } kept || takeOther.Count == 0 ? []
                : await choices.ApplyAsync(TenantId, kept, Differences, takeOther, Actor, cancellationToken);
            var survivor = result.SurvivorId is { } s ? await reader.FindLiveAsync(TenantId, s, cancellationToken) : null;
            StatusMessage = (result.AlreadyDecided
                ? "Someone decided this pair already; nothing changed."
                : $"Approved: the pair is now {(survivor is null ? "" : ContactNames.Display(survivor) + " ")}(contact #{result.SurvivorId})."
                    + (takeOther.Count == 0 ? "" : $" Kept the other contact's {string.Join(", ", Differences.Where(d => takeOther.Contains(d.Key)).Select(d => d.Label.ToLowerInvariant()))}."))
                + string.Concat(notDone.Select(n => $" {n}."));
            return RedirectToPage("/Admin/Customers/Matching/Index");
        }
        catch (ReviewChoiceOutdatedException ex)
        {
            Survivor = null;
            return await RefuseAsync(item, StatusCodes.Status409Conflict, ex.Message, cancellationToken);
        }
        catch (CrmValidationException ex)
        {
            Survivor = null;
            var message = string.Join(" ", ex.Errors);
            return await RefuseAsync(item, StatusCodes.Status400BadRequest, char.ToUpperInvariant(message[0]) + message[1..] + ".", cancellationToken);
        }
    }

    private async Task<IActionResult> RefuseAsync(MergeReviewItem item, int status, string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError("", message);
        await LoadAsync(item, cancellationToken);
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    private async Task LoadAsync(MergeReviewItem item, CancellationToken cancellationToken)
    {
        Item = item;
        var otherId = item.PrimaryContactId == item.ContactLowId ? item.ContactHighId : item.ContactLowId;
        var sides = new List<Side>();
        foreach (var queued in new[] { item.PrimaryContactId, otherId })
        {
            if (await reader.FindLiveAsync(TenantId, queued, cancellationToken) is not { } now)
            {
                Blocked = $"Contact #{queued} no longer exists (it was erased), so there is nothing to merge. Reject the pair instead.";
                return;
            }
            sides.Add(new Side(queued, await footprints.ReadAsync(now, cancellationToken)));
        }
        Sides = sides;
        var (first, second) = (sides[0].Now, sides[1].Now);
        if (first.Contact.Id == second.Contact.Id)
        {
            ChosenId = first.Contact.Id;
            return;
        }
        ChosenId = Survivor is { } wanted && sides.Any(s => s.Now.Contact.Id == wanted)
            ? wanted
            : MergePolicy.PickSurvivor([first.Contact, second.Contact]).Id;
        Preview = ChosenId == first.Contact.Id ? new MergePreview(second, first) : new MergePreview(first, second);
        Differences = await choices.DifferencesAsync(TenantId, Preview.Survivor.Contact, Preview.Moving.Contact, cancellationToken);
    }
}

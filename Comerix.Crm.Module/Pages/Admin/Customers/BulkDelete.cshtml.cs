using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Erasure;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Delete &amp; forget many people: the rows ticked on the list, or everyone its filters match. Nothing goes until the
/// number of people is typed back; then each person is erased as Delete &amp; forget erases one (their own erasure
/// request, retried if a place holding their data cannot be reached, and their own audit entry), one after another,
/// so the engine and ingestion carry on between them.
/// </summary>
[Authorize(Policy = CrmPermissions.ViewName)]
[Authorize(Policy = CrmPermissions.DeletePersonalDataName)]
internal sealed class BulkDeleteModel(ContactDirectory directory, ContactErasureService erasure, CrmDbContext db, Contacts.Bulk.BulkRunProgress progress)
    : BulkActionPageModel(directory)
{
    /// <summary>The most people one action forgets: a longer list is narrowed first, so the page answers in reasonable time.</summary>
    public const int MaxPerAction = 5_000;

    /// <summary>The number of people, typed back.</summary>
    [BindProperty(Name = "confirm")]
    public string? Confirmation { get; set; }

    [BindProperty(Name = "suppress")]
    public bool Suppress { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        ChooseFilterScope();
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await ChosenAsync("Nobody was ticked: tick people on the list first.", cancellationToken) is not { } ids)
        {
            return await ShowAsync(cancellationToken);
        }
        var (live, _) = await LiveContacts.ResolveAsync(db.InTenant(TenantId), ids, cancellationToken);
        if (live.Count > MaxPerAction)
        {
            Problem = $"That is {live.Count:N0} people; one action forgets at most {MaxPerAction:N0}. Narrow the list first.";
            return await ShowAsync(cancellationToken);
        }
        // Arriving from the list's bulk bar: ask first. Typed back wrong: ask again, saying so.
        if (Confirmation is null || Confirmation.Trim() != live.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Problem = Confirmation is null ? null : $"That is not {live.Count:N0}. Nobody was deleted.";
            return await ShowAsync(cancellationToken);
        }
        return await RunAsync("Delete & forget", live.Count, async lasting =>
        {
            int erased = 0, partial = 0;
            foreach (var id in live)
            {
                var result = await erasure.EraseAsync(TenantId, id, ErasureConfirmation.Word, Actor, Suppress, lasting);
                erased += result.Outcome is ErasureOutcome.Erased or ErasureOutcome.AlreadyErased ? 1 : 0;
                partial += result.Outcome == ErasureOutcome.Partial ? 1 : 0;
                await progress.SliceDoneAsync(1, lasting);
            }
            return new BulkOutcome((erased == 1 ? "1 person was erased." : $"{erased:N0} people were erased.")
                + (partial == 0 ? "" : $" {partial:N0} partly: a place holding their data could not be reached; it is retried automatically.")
                + " The audit log has an entry for each.");
        }, problem => Problem = problem);
    }

    protected override Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) => ShowAsync(cancellationToken);

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync("deleted", cancellationToken);
        return Page();
    }
}

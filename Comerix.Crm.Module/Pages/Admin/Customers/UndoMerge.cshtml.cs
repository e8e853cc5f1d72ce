using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Undo a merge (issue 20), reached from the merge's row on the survivor's timeline or from its audit log entry: what
/// comes back and what is resolved again, or why it cannot be undone; then the undo.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class UndoMergeModel(CrmDbContext db, MergeUndoService undo) : CrmAdminPageModel
{
    public MergeHistoryFacts? Merge { get; private set; }

    /// <summary>Why the merge cannot be undone now; null when it can.</summary>
    public string? WhyNot { get; private set; }

    public string SurvivorName { get; private set; } = "";
    public string MergedName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long mergeId, CancellationToken cancellationToken) =>
        await LoadAsync(mergeId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long mergeId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(mergeId, cancellationToken))
        {
            return NotFound();
        }
        try
        {
            var done = await undo.UndoAsync(TenantId, mergeId, Actor, cancellationToken);
            StatusMessage = $"Merge undone: contact #{done.RestoredId} is a contact of its own again, with {Count(done.IdentifiersBack, "identifier")} " +
                $"and {Count(done.ActivitiesBack, "activity", "activities")}." +
                (done.LaterEventsToRestored > 0 ? $" {Count(done.LaterEventsToRestored, "event")} that arrived after the merge went with it." : "") +
                (done.LaterEventsUnplaced > 0
                    ? $" {Count(done.LaterEventsUnplaced, "later event")} carried only identifiers that are no longer known, so they stayed with #{done.SurvivorId}."
                    : "");
            return RedirectToPage("/Admin/Customers/Details", new { id = done.SurvivorId });
        }
        catch (CrmValidationException ex)
        {
            WhyNot = string.Join(" ", ex.Errors);
            return Page();
        }
    }

    /// <summary>"1 tag", "3 tags", "1,204 activities".</summary>
    public static string Count(int n, string one, string? many = null) =>
        n == 1 ? $"1 {one}" : $"{n:N0} {many ?? one + "s"}";

    private async Task<bool> LoadAsync(long mergeId, CancellationToken cancellationToken)
    {
        Merge = await undo.ReadAsync(TenantId, mergeId, cancellationToken);
        if (Merge is null)
        {
            return false;
        }
        WhyNot = undo.WhyNot(Merge);
        var names = await db.InTenant(TenantId).Contacts.AsNoTracking()
            .Where(c => c.Id == Merge.SurvivorId || c.Id == Merge.MergedId)
            .Select(c => new { c.Id, c.DisplayName, c.Email, c.Phone }).ToListAsync(cancellationToken);
        string NameOf(long id) => names.FirstOrDefault(n => n.Id == id) is { } c
            ? Contacts.Directory.ContactNames.Display(c.DisplayName, c.Email, c.Phone, id)
            : $"Contact #{id} (erased)";
        SurvivorName = NameOf(Merge.SurvivorId);
        MergedName = NameOf(Merge.MergedId);
        return true;
    }
}

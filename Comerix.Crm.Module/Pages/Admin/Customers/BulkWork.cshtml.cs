using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// The stage or owner of many contacts at once: the rows ticked on the Contacts list, or everyone its filters match.
/// Contacts change in slices of 500, each its own transaction with a timeline row per contact changed, and one audit
/// entry for the whole action. A choice that cannot be made shows here with what was ticked kept.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class BulkWorkModel(
    ContactDirectory directory, LifecycleStages stages, ContactStageSetter stageSetter, ContactOwners owners, DoNotContactList doNotContact,
    Contacts.Fields.CustomFieldDefinitions fields, Contacts.Fields.ContactFieldEditor fieldEditor, Audit.AuditLog audit, CrmDbContext db,
    Contacts.Bulk.BulkRunProgress progress)
    : BulkActionPageModel(directory)
{
    /// <summary>A do-not-contact reason's code, to mark them with.</summary>
    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    /// <summary>The key of the contact field to set, and the value to set it to (several values for a several-of field).</summary>
    [BindProperty(Name = "field")]
    public string? Field { get; set; }

    [BindProperty(Name = "value")]
    public List<string?> Value { get; set; } = [];

    public IReadOnlyList<Contacts.CustomField> FieldChoices { get; private set; } = [];
    /// <summary>The stage to set: its key or label; "none" clears it.</summary>
    [BindProperty(Name = "to-stage")]
    public string? ToStage { get; set; }

    /// <summary>"me" (claim), "none" (release) or a team member's sign-in name (reassign).</summary>
    [BindProperty(Name = "to-owner")]
    public string? ToOwner { get; set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<StageChoice> StageChoices { get; private set; } = [];

    public IReadOnlyList<string> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        ChooseFilterScope();
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostStageAsync(CancellationToken cancellationToken)
    {
        if (await ChosenAsync(NoneTicked, cancellationToken) is not { } ids)
        {
            return await ShowAsync(cancellationToken);
        }
        if (string.IsNullOrWhiteSpace(ToStage))
        {
            Problem = "Choose a stage, or \u201CNo stage\u201D to clear theirs.";
            return await ShowAsync(cancellationToken);
        }
        return await RunAsync("Set the stage", ids.Count, async lasting =>
        {
            var set = await stageSetter.SetAsync(TenantId, ids, ToStage, Actor, ChosenBy, cancellationToken: lasting);
            if (set.Problem is not null)
            {
                return BulkOutcome.Refused(set.Problem);
            }
            var moved = set.Result!.Changed;
            return new BulkOutcome((set.Stage is { } stage
                ? moved switch { 0 => $"Nobody moved: they were all at {stage.Label} already.", 1 => $"Moved 1 contact to {stage.Label}.", _ => $"Moved {moved:N0} contacts to {stage.Label}." }
                : moved switch { 0 => "Nobody had a stage to clear.", 1 => "Cleared the stage of 1 contact.", _ => $"Cleared the stage of {moved:N0} contacts." })
                + Unchanged(set.Result, set.Stage is null ? "had no stage" : "were at it already"));
        }, problem => Problem = problem);
    }

    public async Task<IActionResult> OnPostOwnerAsync(CancellationToken cancellationToken)
    {
        if (await ChosenAsync(NoneTicked, cancellationToken) is not { } ids)
        {
            return await ShowAsync(cancellationToken);
        }
        var choice = ToOwner?.Trim();
        if (string.IsNullOrEmpty(choice))
        {
            Problem = "Choose who should own them: you, nobody, or a team member.";
            return await ShowAsync(cancellationToken);
        }
        return await RunAsync("Set the owner", ids.Count, async lasting =>
        {
            var set = choice switch
            {
                ContactListQuery.Mine => await owners.ClaimAsync(TenantId, ids, Actor, ChosenBy, lasting),
                ContactListQuery.Nobody => await owners.ReleaseAsync(TenantId, ids, Actor, ChosenBy, lasting),
                _ => await owners.ReassignAsync(TenantId, ids, choice, Actor, ChosenBy, lasting),
            };
            if (set.Problem is not null)
            {
                return BulkOutcome.Refused(set.Problem);
            }
            var changed = set.Result!.Changed;
            var who = changed == 1 ? "1 contact" : $"{changed:N0} contacts";
            return new BulkOutcome((set.Owner is { } owner
                ? changed == 0 ? $"{owner} owned them all already." : $"{(owner == Actor ? "You own" : owner + " owns")} {who} more now."
                : changed == 0 ? "None of them had an owner." : $"Released {who}: nobody owns {(changed == 1 ? "it" : "them")} now.")
                + Unchanged(set.Result, set.Owner is null ? "had no owner" : "were theirs already"));
        }, problem => Problem = problem);
    }

    public async Task<IActionResult> OnPostReachAsync(CancellationToken cancellationToken)
    {
        if (await ChosenAsync(NoneTicked, cancellationToken) is not { } ids)
        {
            return await ShowAsync(cancellationToken);
        }
        if (Comerix.Crm.Contacts.DoNotContactReasons.Canonical(Reason) is not { } reason)
        {
            Problem = "Choose why they must not be contacted.";
            return await ShowAsync(cancellationToken);
        }
        return await RunAsync("Mark do not contact", ids.Count, async lasting =>
        {
            // A row ticked before a merge means the person, who lives on in the survivor.
            var (live, gone) = await LiveContacts.ResolveAsync(db.InTenant(TenantId), ids, lasting);
            var marked = await doNotContact.MarkManyAsync(TenantId, live.Select(id => (id, reason)).ToList(), Actor, ChosenBy, lasting);
            return new BulkOutcome((marked switch { 0 => "Nobody new was marked: they were all marked do not contact already.", 1 => "Marked 1 contact do not contact.", _ => $"Marked {marked:N0} contacts do not contact." })
                + Unchanged(new WorkChangeResult(marked, live.Count - marked, gone), "were marked already (their reasons are kept)"));
        }, problem => Problem = problem);
    }

    public async Task<IActionResult> OnPostFieldAsync(CancellationToken cancellationToken)
    {
        if (await ChosenAsync(NoneTicked, cancellationToken) is not { } ids)
        {
            return await ShowAsync(cancellationToken);
        }
        if (await fields.FindAsync(TenantId, Field, cancellationToken) is not { } field)
        {
            Problem = "Choose the contact field to set.";
            return await ShowAsync(cancellationToken);
        }
        // Several choices are typed in one box, separated as in an import.
        IReadOnlyList<string?> given = field.Type == Contacts.Fields.CustomFieldTypes.ManyOf
            ? Value.SelectMany(v => (v ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList<string?>()
            : Value;
        if (Contacts.Fields.CustomFieldValues.Parse(field, given, out var problem) is not { } value)
        {
            Problem = problem ?? $"Give the value to set \u201C{field.Label}\u201D to.";
            return await ShowAsync(cancellationToken);
        }
        return await RunAsync($"Set \u201C{field.Label}\u201D", ids.Count, async lasting =>
        {
            var (live, gone) = await LiveContacts.ResolveAsync(db.InTenant(TenantId), ids, lasting);
            var written = 0;
            foreach (var slice in live.Chunk(ContactWorkChanges.SliceSize))
            {
                written += await fieldEditor.SetManyAsync(TenantId, slice.Select(id => (id, field.Key, value)).ToList(), Actor, lasting);
                await progress.SliceDoneAsync(slice.Length, lasting);
            }
            if (written > 0)
            {
                await audit.AppendAsync(TenantId, Actor, Audit.AuditActions.ContactFieldsChanged, new { values = written, fields = new[] { field.Key }, chosenBy = ChosenBy }, lasting);
            }
            return new BulkOutcome($"Set \u201C{field.Label}\u201D on {(written == 1 ? "1 contact" : $"{written:N0} contacts")}."
                + (gone > 0 ? gone == 1 ? " 1 ticked contact no longer exists." : $" {gone:N0} ticked contacts no longer exist." : ""));
        }, problem => Problem = problem);
    }

    private const string NoneTicked = "Nobody was ticked: tick contacts on the list first, or use its \u201CChange all\u201D link.";

    private static string Unchanged(WorkChangeResult result, string why) =>
        (result.Changed > 0 && result.Unchanged > 0 ? $" {result.Unchanged:N0} {why}." : "")
        + (result.Gone > 0 ? result.Gone == 1 ? " 1 ticked contact no longer exists." : $" {result.Gone:N0} ticked contacts no longer exist." : "");

    protected override Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) => ShowAsync(cancellationToken);

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync("changed", cancellationToken);
        StageChoices = await stages.ListAsync(TenantId, cancellationToken);
        Members = await owners.AssignableAsync(TenantId, cancellationToken);
        FieldChoices = await fields.ListAsync(TenantId, cancellationToken);
        return Page();
    }
}

using System.Globalization;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Contacts.Segments;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Segments;

/// <summary>One condition's row in the builder, as the form posts it (numbers as text, checked when used).</summary>
internal sealed class ConditionInput
{
    public string? Subject { get; set; }
    public string? Test { get; set; }
    public string? Value { get; set; }
    public string? EventType { get; set; }
    public string? EventName { get; set; }
    public string? Times { get; set; }
    public string? Days { get; set; }

    public SegmentCondition ToCondition() => new(Subject ?? "", Test ?? "", Value, EventType, EventName, Number(Times), Number(Days));

    /// <summary>A whole number as typed; 0 (refused by the check, with its words) when it is not one.</summary>
    private static int? Number(string? text) => string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    public static ConditionInput From(SegmentCondition c) => new()
    {
        Subject = c.Subject, Test = c.Test, Value = c.Value, EventType = c.EventType, EventName = c.EventName,
        Times = c.Times?.ToString(CultureInfo.InvariantCulture), Days = c.Days?.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The segment builder: a name, "all of" or "any of", and conditions, each a subject, a test and what it needs.
/// Changing a row's subject or test shows that row again with the right inputs (a round trip, so it works without
/// JavaScript); the count of members is previewed as conditions change (with JavaScript, as they are typed).
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class EditModel(ContactSegments segments, ContactDirectory directory, LifecycleStages stages, ContactTagger tagger, ContactOwners owners)
    : CrmAdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Match { get; set; } = SegmentMatch.All;

    [BindProperty]
    public List<ConditionInput> Conditions { get; set; } = [];

    public IReadOnlyList<SegmentSubject> Subjects { get; private set; } = [];
    public IReadOnlyList<StageChoice> Stages { get; private set; } = [];
    public IReadOnlyList<string> TagLabels { get; private set; } = [];
    public IReadOnlyList<string> Members { get; private set; } = [];

    public List<string> Problems { get; private set; } = [];

    /// <summary>
    /// The problems the page lists: none after a row was added or its subject changed (its inputs are still empty, and
    /// saying so before anyone could fill them in is noise); the count line says the conditions need filling in.
    /// </summary>
    public IReadOnlyList<string> ShownProblems => _quiet ? [] : Problems;

    private bool _quiet;

    /// <summary>The members counted for the conditions as they stand (null before a count, or when they do not hold together).</summary>
    public int? PreviewCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is { } id)
        {
            if (await segments.FindAsync(TenantId, id, cancellationToken) is not { } segment)
            {
                return NotFound();
            }
            Name = segment.Name;
            Match = segment.Match;
            Conditions = SegmentCondition.FromJson(segment.ConditionsJson).Select(ConditionInput.From).ToList();
        }
        if (Conditions.Count == 0)
        {
            Conditions.Add(new ConditionInput { Subject = SegmentSubjects.Stage, Test = "is" });
        }
        await LoadAsync(cancellationToken);
        await CountAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (savedId, problems) = await segments.SaveAsync(TenantId, Id, Name, Match, Conditions.Select(c => c.ToCondition()).ToList(), Actor, cancellationToken);
        if (savedId is null)
        {
            Problems = problems;
            await LoadAsync(cancellationToken);
            return Page();
        }
        StatusMessage = $"Saved the segment \u201C{ContactSegments.TidyName(Name, out _)}\u201D.";
        return RedirectToPage("/Admin/Customers/Index", IndexModel.MembersRoute(savedId.Value));
    }

    /// <summary>A row's subject or test changed, or a row was added or removed: the form again, with each row's inputs.</summary>
    public async Task<IActionResult> OnPostRefreshAsync(string? add, int? remove, CancellationToken cancellationToken)
    {
        if (remove is { } index && index >= 0 && index < Conditions.Count)
        {
            Conditions.RemoveAt(index);
        }
        if (add is not null && Conditions.Count < SegmentDefinitionCheck.MaxConditions)
        {
            Conditions.Add(new ConditionInput { Subject = SegmentSubjects.Tag, Test = "has" });
        }
        ModelState.Clear();
        _quiet = true;
        await LoadAsync(cancellationToken);
        await CountAsync(cancellationToken);
        return Page();
    }

    /// <summary>The count for the conditions as posted, or what is wrong with them: what the builder shows as it changes.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await CountAsync(cancellationToken);
        return new JsonResult(new { count = PreviewCount, problems = Problems });
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var segment = Id is { } id ? await segments.FindAsync(TenantId, id, cancellationToken) : null;
        StatusMessage = segment is not null && await segments.DeleteAsync(TenantId, segment.Id, Actor, cancellationToken)
            ? $"Deleted the segment \u201C{segment.Name}\u201D. No contact was changed."
            : "That segment was already gone.";
        return RedirectToPage("/Admin/Customers/Segments/Index");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Subjects = await segments.SubjectsAsync(TenantId, cancellationToken);
        Stages = await stages.ListAsync(TenantId, cancellationToken);
        TagLabels = (await tagger.InUseAsync(TenantId, cancellationToken: cancellationToken)).Select(t => t.Label).ToList();
        Members = await owners.AssignableAsync(TenantId, cancellationToken);
        foreach (var (row, index) in Conditions.Select((r, i) => (r, i + 1)))
        {
            if (Subjects.All(s => s.Code != row.Subject))
            {
                // Said, not silently swapped: a contact field this segment tested was deleted.
                Problems.Add($"Condition {index}: '{SegmentDefinitionCheck.Shorten(row.Subject ?? "")}' is nothing a segment can test any more (a contact field deleted since?); choose another subject.");
            }
            // A row whose subject changed keeps a test only if the new subject offers it.
            var subject = SubjectOf(row);
            if (subject.Find(row.Test) is null)
            {
                row.Test = subject.Tests[0].Code;
            }
            row.Subject = subject.Code;
        }
    }

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        var (definition, problems) = await segments.CheckAsync(TenantId, Match, Conditions.Select(c => c.ToCondition()).ToList(), cancellationToken);
        Problems.AddRange(problems);
        if (Problems.Count > 0)
        {
            return;
        }
        var rule = new ResolvedSegment(Id ?? 0, Name ?? "", definition, Stages);
        PreviewCount = await directory.CountAsync(TenantId,
            new ContactListQuery(Audiences.All, Segment: "preview") { SegmentRule = rule, Me = Actor }, cancellationToken);
    }

    public SegmentSubject SubjectOf(ConditionInput row) => Subjects.FirstOrDefault(s => s.Code == row.Subject) ?? Subjects[0];

    public SegmentTest TestOf(ConditionInput row) => SubjectOf(row).Find(row.Test) ?? SubjectOf(row).Tests[0];
}

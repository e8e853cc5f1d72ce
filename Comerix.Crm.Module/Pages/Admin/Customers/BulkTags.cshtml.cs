using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// One tag added to, or removed from, many contacts: the rows ticked on the Contacts list, or everyone its filters
/// match (this page, opened from the list, says how many that is before anything changes). A tag that needs fixing,
/// or nobody ticked, shows here with what was typed and what was ticked kept.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class BulkTagsModel(ContactDirectory directory, ContactBulkTagger bulk, ContactTagger tagger) : BulkActionPageModel(directory)
{
    [BindProperty(Name = "label")]
    public string? Label { get; set; }

    public string? Problem { get; private set; }

    /// <summary>The tags in use, offered as the tag box's suggestions.</summary>
    public IReadOnlyList<TagUse> TagsInUse { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        ChooseFilterScope();
        return await ShowAsync(null, cancellationToken);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => ActAsync(add: true, cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) => ActAsync(add: false, cancellationToken);

    private async Task<IActionResult> ActAsync(bool add, CancellationToken cancellationToken)
    {
        if (await ChosenAsync("Nobody was ticked: tick contacts on the list first, or use its \u201CTag all\u201D link.", cancellationToken) is not { } ids)
        {
            return await ShowAsync(null, cancellationToken);
        }
        if (ContactTagger.Tidy(Label, out var problem) is not { } label)
        {
            return await ShowAsync(problem, cancellationToken);
        }
        // The run names no tag: like the audit log, it keeps no words a team wrote about people.
        return await RunAsync(add ? "Add a tag" : "Remove a tag", ids.Count, async lasting => new BulkOutcome(add
            ? Added(await bulk.AddAsync(TenantId, ids, label, Actor, ChosenBy, lasting))
            : Removed(label, await bulk.RemoveAsync(TenantId, ids, ContactTagger.KeyOf(label), Actor, ChosenBy, lasting))), problem => Problem = problem);
    }

    private static string Added(BulkTagResult result)
    {
        var label = result.Label;
        var message = result.Tagged switch
        {
            0 => $"No contact gained the tag \u201C{label}\u201D.",
            1 => $"Tagged 1 contact \u201C{label}\u201D.",
            _ => $"Tagged {result.Tagged:N0} contacts \u201C{label}\u201D.",
        };
        if (result.AlreadyTagged > 0)
        {
            message += result.AlreadyTagged == 1 ? " 1 already had it." : $" {result.AlreadyTagged:N0} already had it.";
        }
        if (result.Full > 0)
        {
            message += (result.Full == 1 ? " 1 contact already holds" : $" {result.Full:N0} contacts already hold")
                + $" {ContactTagger.MaxPerContact} tags and {(result.Full == 1 ? "was" : "were")} left out.";
        }
        if (result.Gone > 0)
        {
            message += result.Gone == 1 ? " 1 ticked contact no longer exists." : $" {result.Gone:N0} ticked contacts no longer exist.";
        }
        return message;
    }

    private static string Removed(string label, int removed) => removed switch
    {
        0 => $"None of them carried the tag \u201C{label}\u201D.",
        1 => $"Removed the tag \u201C{label}\u201D from 1 contact.",
        _ => $"Removed the tag \u201C{label}\u201D from {removed:N0} contacts.",
    };

    protected override Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken) => ShowAsync(Problem, cancellationToken);

    private async Task<IActionResult> ShowAsync(string? problem, CancellationToken cancellationToken)
    {
        Problem = problem;
        await PrepareAsync("tagged", cancellationToken);
        TagsInUse = await tagger.InUseAsync(TenantId, cancellationToken: cancellationToken);
        return Page();
    }

    /// <summary>Who the action reaches in words, the filter's tag as people spell it.</summary>
    public string Reached() => Who(TagsInUse.FirstOrDefault(t => t.Key == FilterQuery().EffectiveTag)?.Label);
}

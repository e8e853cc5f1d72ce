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
internal sealed class BulkTagsModel(ContactDirectory directory, ContactBulkTagger bulk, ContactTagger tagger) : ContactFilterPageModel
{
    public static class Scopes
    {
        /// <summary>The rows ticked on the list.</summary>
        public const string Ticked = "ticked";
        /// <summary>Everyone the list's filters match, every page.</summary>
        public const string Filter = "filter";
    }

    /// <summary>How the contacts were chosen; a post without it acts on the ticked rows, never on everyone.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    [BindProperty(Name = "ids")]
    public List<long> Ids { get; set; } = [];

    [BindProperty(Name = "label")]
    public string? Label { get; set; }

    /// <summary>How many contacts the action would reach.</summary>
    public int Reach { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>Why nothing can be done from this page as it was reached (nobody ticked, an unknown filter).</summary>
    public string? Blocker { get; private set; }

    /// <summary>The tags in use, offered as the tag box's suggestions.</summary>
    public IReadOnlyList<TagUse> TagsInUse { get; private set; } = [];

    public bool IsTicked => Scope == Scopes.Ticked;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Only "everyone in this list" is reached by a link; ticked rows always arrive by POST.
        Scope = Scopes.Filter;
        return await ShowAsync(null, cancellationToken);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => ActAsync(add: true, cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) => ActAsync(add: false, cancellationToken);

    private async Task<IActionResult> ActAsync(bool add, CancellationToken cancellationToken)
    {
        // Only the confirmation page's exact "filter" reaches everyone in the list; anything else acts on what was ticked.
        Scope = Scope == Scopes.Filter ? Scopes.Filter : Scopes.Ticked;
        if (IsTicked && Ids.Count == 0)
        {
            return await ShowAsync(null, cancellationToken, "Nobody was ticked: tick contacts on the list first, or use its \u201CTag all\u201D link.");
        }
        if (!IsTicked && FilterProblems.Count > 0)
        {
            return await ShowAsync(null, cancellationToken);
        }
        if (ContactTagger.Tidy(Label, out var problem) is not { } label)
        {
            return await ShowAsync(problem, cancellationToken);
        }
        var ids = IsTicked ? Ids : await directory.IdsAsync(TenantId, FilterQuery(), cancellationToken);
        var chosenBy = IsTicked ? (object)new { ticked = Ids.Distinct().Count() } : FilterQuery().AuditFacts();
        StatusMessage = add
            ? Added(await bulk.AddAsync(TenantId, ids, label, Actor, chosenBy, cancellationToken))
            : Removed(label, await bulk.RemoveAsync(TenantId, ids, ContactTagger.KeyOf(label), Actor, chosenBy, cancellationToken));
        return RedirectToPage("/Admin/Customers/Index", FilterRoute());
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

    private async Task<IActionResult> ShowAsync(string? problem, CancellationToken cancellationToken, string? blocker = null)
    {
        Problem = problem;
        Blocker = blocker ?? (!IsTicked && FilterProblems.Count > 0
            ? $"This link asks for a filter the list does not know ({string.Join("; ", FilterProblems)}), so nobody is tagged from it."
            : null);
        Reach = IsTicked ? Ids.Distinct().Count() : await directory.CountAsync(TenantId, FilterQuery(), cancellationToken);
        TagsInUse = await tagger.InUseAsync(TenantId, cancellationToken: cancellationToken);
        return Page();
    }

    /// <summary>The list's filters in words: "identified contacts, matching “acme”, tagged “VIP”".</summary>
    public string FilterInWords()
    {
        var query = FilterQuery();
        return ContactFilterWords.Describe(query, TagsInUse.FirstOrDefault(t => t.Key == query.EffectiveTag)?.Label);
    }
}

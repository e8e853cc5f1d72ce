using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// The team's saved views of the Contacts list. The list saves its current filters here ("Save as view"); a name
/// that needs fixing shows on this page with what was typed kept. Views are deleted here.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class ViewsModel(ContactViews views, ContactTagger tagger) : ContactFilterPageModel
{
    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    public IReadOnlyList<SavedView> Views { get; private set; } = [];

    private IReadOnlyDictionary<string, string> _tagLabels = new Dictionary<string, string>();

    /// <summary>A view's filters in words, its tag as people spell it.</summary>
    public string Describe(SavedView view) =>
        ContactFilterWords.Describe(ContactViews.QueryOf(view), view.Tag is { } key ? _tagLabels.GetValueOrDefault(key) : null);

    /// <summary>Set when a save was refused: the form is shown again for those filters.</summary>
    public string? Problem { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Views = await views.ListAsync(TenantId, cancellationToken);
        _tagLabels = await tagger.LabelsOfKeysAsync(TenantId, Views.Where(v => v.Tag is not null).Select(v => v.Tag!).Distinct().ToList(), cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var query = FilterQuery();
        if (await views.SaveAsync(TenantId, Name, query, Actor, cancellationToken) is { } problem)
        {
            Problem = problem;
            await LoadAsync(cancellationToken);
            return Page();
        }
        StatusMessage = $"Saved the view \u201C{ContactViews.TidyName(Name, out _)}\u201D: it is above the list for the whole team."
            + (query.EffectiveSearch is null ? "" : " The search text is not part of it.");
        var route = FilterRoute();
        route.Remove("q");
        return RedirectToPage("/Admin/Customers/Index", route);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? key, CancellationToken cancellationToken)
    {
        var view = (await views.ListAsync(TenantId, cancellationToken)).FirstOrDefault(v => v.Key == key);
        StatusMessage = view is not null && await views.DeleteAsync(TenantId, view.Key, Actor, cancellationToken)
            ? $"Deleted the view \u201C{view.Name}\u201D. No contact was changed."
            : "That view was already gone.";
        return RedirectToPage();
    }
}

using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

[Authorize(Policy = CrmPermissions.ViewName)]
internal sealed class IndexModel(
    ContactDirectory directory, ContactTagger tagger, ContactViews views, ContactListColumns listColumns, LifecycleStages stages, ContactOwners owners,
    Contacts.Segments.ContactSegments segments)
    : ContactFilterPageModel
{
    /// <summary>The team's segments, for the Segment filter.</summary>
    public IReadOnlyList<Segment> Segments { get; private set; } = [];

    /// <summary>The most segments shown as chips above the results; the rest are on the Segments page.</summary>
    public const int SegmentChips = 12;

    /// <summary>A segment's conditions in words (its chip's title).</summary>
    public string DescribeSegment(Segment segment) =>
        Contacts.Segments.SegmentWords.Describe(segment.Match, Contacts.Segments.SegmentCondition.FromJson(segment.ConditionsJson), SegmentSubjects);

    /// <summary>What segments can test, for the active segment's conditions in words.</summary>
    public IReadOnlyList<Contacts.Segments.SegmentSubject> SegmentSubjects { get; private set; } = [];

    /// <summary>The tenant's lifecycle stages, in order: the Stage filter, column and bulk action.</summary>
    public IReadOnlyList<StageChoice> Stages { get; private set; } = [];

    /// <summary>The team members contacts can be assigned to: the Owner filter and bulk action.</summary>
    public IReadOnlyList<string> Members { get; private set; } = [];

    /// <summary>A stage's label by key (a stage deleted from the list reads as its key).</summary>
    public string StageLabel(string key) => Stages.FirstOrDefault(s => s.Key == key)?.Label ?? key;

    /// <summary>The columns this user chose, beside the Customer column.</summary>
    public IReadOnlyList<ListColumn> Columns { get; private set; } = ContactListColumns.Standard;

    /// <summary>The page's rows' values of the chosen field columns (contact id → field key → value).</summary>
    public IReadOnlyDictionary<long, Dictionary<string, string>> RowFields { get; private set; } = new Dictionary<long, Dictionary<string, string>>();

    /// <summary>The team's saved views, shown above the results (which search as you type re-renders, views included).</summary>
    public IReadOnlyList<SavedView> Views { get; private set; } = [];

    /// <summary>How the views' tags read (views keep a tag's key).</summary>
    public IReadOnlyDictionary<string, string> ViewTagLabels { get; private set; } = new Dictionary<string, string>();

    /// <summary>The saved view these filters are, if any: not while a search narrows it further.</summary>
    public SavedView? ActiveView => Query.EffectiveSearch is null ? Views.FirstOrDefault(v => ContactViews.Shows(v, Query)) : null;

    /// <summary>A view's filters in words, its tag as people spell it.</summary>
    public string Describe(SavedView view) =>
        ContactFilterWords.Describe(ContactViews.QueryOf(view), view.Tag is { } key ? ViewTagLabels.GetValueOrDefault(key) : null,
            stageLabel: view.Stage is { } stage ? StageLabel(stage) : null);

    /// <summary>The tags in use, for the Tag filter (most used first).</summary>
    public IReadOnlyList<TagUse> Tags { get; private set; } = [];

    // "page" is reserved by Razor Pages (the page's own route value), so the page number travels as "p".
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public ContactListQuery Query => FilterQuery(PageNumber);

    public ContactTiles Tiles { get; private set; } = new(0, 0, 0);

    public ContactListPage Results { get; private set; } = new([], 1, 0);

    /// <summary>The tags of the rows on this page, in key order (one query for the page).</summary>
    public IReadOnlyDictionary<long, List<string>> RowTags { get; private set; } = new Dictionary<long, List<string>>();

    /// <summary>
    /// When a search finds nobody in this audience: how many it finds in all of them. A visitor or conversation id
    /// usually belongs to an anonymous contact, which the default (identified) list leaves out.
    /// </summary>
    public int MatchesInAllAudiences { get; private set; }

    /// <summary>No contact at all yet (as opposed to none matching the filters).</summary>
    public bool IsDirectoryEmpty => Results.TotalMatches == 0 && Tiles.Total == 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Results = await directory.ListAsync(TenantId, Query, cancellationToken);
        Stages = await stages.ListAsync(TenantId, cancellationToken);
        RowTags = await tagger.LabelsOfAsync(TenantId, Results.Rows.Select(r => r.Id).ToList(), cancellationToken);
        Columns = await listColumns.ChosenAsync(TenantId, Actor, cancellationToken);
        RowFields = await listColumns.FieldValuesAsync(TenantId, Results.Rows.Select(r => r.Id).ToList(), Columns, cancellationToken);
        if (Results.TotalMatches == 0 && Query.EffectiveSearch is not null && Query.EffectiveAudience != Audiences.All)
        {
            MatchesInAllAudiences = await directory.CountAsync(TenantId, Query with { Audience = Audiences.All }, cancellationToken);
        }
        Views = await views.ListAsync(TenantId, cancellationToken);
        ViewTagLabels = await tagger.LabelsOfKeysAsync(TenantId, Views.Where(v => v.Tag is not null).Select(v => v.Tag!).Distinct().ToList(), cancellationToken);
        // Search as you type asks for the results only; the same URL without the header renders the whole page.
        var resultsOnly = Request.Headers["X-Requested-With"] == "fetch";
        if (!resultsOnly || Results.TotalMatches == 0)
        {
            Tiles = await directory.GetTilesAsync(TenantId, cancellationToken);
        }
        if (!resultsOnly)
        {
            Tags = await tagger.InUseAsync(TenantId, cancellationToken: cancellationToken);
            Members = await owners.AssignableAsync(TenantId, cancellationToken);
        }
        // The segments' chips and the active one's conditions in words head the results, which a change of filter
        // re-renders alone.
        Segments = await segments.ListAsync(TenantId, cancellationToken);
        SegmentSubjects = Segments.Count == 0 ? [] : await segments.SubjectsAsync(TenantId, cancellationToken);
        return resultsOnly ? Partial("_ContactResults", this) : Page();
    }

    /// <summary>The current filters and search without the segment.</summary>
    public Dictionary<string, string?> RouteWithoutSegment()
    {
        var route = RouteWith();
        route.Remove("segment");
        return route;
    }

    /// <summary>The current filters with some changed, for links (page numbers, audience tabs).</summary>
    public Dictionary<string, string?> RouteWith(string? audience = null, int? page = null)
    {
        var route = FilterRoute();
        route["audience"] = audience ?? Query.EffectiveAudience;
        route["p"] = (page ?? 1) == 1 ? null : page.ToString();
        return route;
    }
}

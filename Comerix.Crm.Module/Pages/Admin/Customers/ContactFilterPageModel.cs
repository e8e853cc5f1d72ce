using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Contacts.Segments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>A page that reads the Contacts list's filters from the query string (the list itself, its CSV export).</summary>
internal abstract class ContactFilterPageModel : CrmAdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Audience { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Seen { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Contactable { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Stage { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    /// <summary>A segment's id: only its members.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    /// <summary>The segment <see cref="Segment"/> names, read before the handler runs (null for none, or one that cannot be used).</summary>
    public ResolvedSegment? ActiveSegment { get; private set; }

    private string? _segmentProblem;

    /// <summary>The filters, on page <paramref name="page"/>; one given more than once is left out and named among the problems.</summary>
    protected ContactListQuery FilterQuery(int page = 1) =>
        new ContactListQuery(Audience, Q, Source, page, Tag, Seen, Contactable, Stage, Owner, Segment)
        {
            Me = Actor, SegmentRule = ActiveSegment, SegmentProblem = _segmentProblem,
        }.WithoutRepeated(Given);

    /// <summary>Reads the segment the query string names once, before any handler builds the query from it.</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!string.IsNullOrWhiteSpace(Segment) && Given("segment").Count <= 1)
        {
            (ActiveSegment, _segmentProblem) = await HttpContext.RequestServices.GetRequiredService<ContactSegments>()
                .ResolveAsync(TenantId, Segment.Trim(), HttpContext.RequestAborted);
        }
        await base.OnPageHandlerExecutionAsync(context, next);
    }

    /// <summary>A filter's values in this request, where the properties above are bound from: the query string and a posted form.</summary>
    private StringValues Given(string name) =>
        Request.HasFormContentType ? StringValues.Concat(Request.Query[name], Request.Form[name]) : Request.Query[name];

    /// <summary>Filter values in the query string this version does not know, and filters given twice, in words (none when all are fine).</summary>
    public IReadOnlyList<string> FilterProblems => FilterQuery().Problems();

    /// <summary>The filters as the list's query string, for links and redirects back to it (first page).</summary>
    public Dictionary<string, string?> FilterRoute()
    {
        var query = FilterQuery();
        return new()
        {
            ["audience"] = query.EffectiveAudience,
            ["q"] = query.EffectiveSearch,
            ["source"] = query.EffectiveSource,
            ["tag"] = query.EffectiveTag,
            ["seen"] = query.EffectiveSeen?.Value,
            ["contactable"] = query.ContactableValue,
            ["stage"] = query.EffectiveStage,
            ["owner"] = query.EffectiveOwner,
            ["segment"] = query.EffectiveSegment,
        };
    }
}

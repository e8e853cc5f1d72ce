using Comerix.Crm.Contacts.Directory;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>A page that reads the Contacts list's filters from the query string (the list itself, its CSV export).</summary>
public abstract class ContactFilterPageModel : CrmAdminPageModel
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

    /// <summary>The filters, on page <paramref name="page"/>.</summary>
    protected ContactListQuery FilterQuery(int page = 1) => new(Audience, Q, Source, page, Tag, Seen, Contactable);

    /// <summary>Filter values in the query string this version does not know, in words (none when all are known).</summary>
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
        };
    }
}

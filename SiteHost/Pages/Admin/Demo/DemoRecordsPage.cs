using System.Linq.Expressions;
using Comerix.Crm.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Pages.Admin.Demo;

/// <summary>
/// A demo record store's admin page (Transcripts, Forms inbox): every record, one contact's records (through the
/// CRM's ContactLink edges), or one record with a link back to its contact. Both contexts come from the request's
/// scope and read its tenant through their query filters.
/// </summary>
public abstract class DemoRecordsPage<TRecord>(CrmDbContext crm) : PageModel
    where TRecord : class
{
    // Both stores key their records by a string property named Id, read here through EF.Property.
    public IReadOnlyList<TRecord> Items { get; private set; } = [];
    public TRecord? Selected { get; private set; }
    public long? ContactId { get; private set; }

    /// <summary>The store's records of the current tenant (the site context's query filter scopes them).</summary>
    protected abstract IQueryable<TRecord> Records { get; }

    /// <summary>The record kind its ContactLink edges carry.</summary>
    protected abstract string Kind { get; }

    protected abstract Expression<Func<TRecord, DateTime>> TimeOf { get; }

    public async Task<IActionResult> OnGetAsync(string? id, long? contact, CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            Selected = await Records.AsNoTracking().Where(r => EF.Property<string>(r, "Id") == id).SingleOrDefaultAsync(cancellationToken);
            if (Selected is null)
            {
                return NotFound();
            }
            ContactId = await crm.ContactLinks.AsNoTracking()
                .Where(l => l.RecordKind == Kind && l.RecordId == id)
                .Select(l => (long?)l.ContactId).FirstOrDefaultAsync(cancellationToken);
            return Page();
        }
        ContactId = contact;
        var query = Records.AsNoTracking();
        if (contact is { } c)
        {
            var ids = await crm.ContactLinks.AsNoTracking()
                .Where(l => l.ContactId == c && l.RecordKind == Kind)
                .Select(l => l.RecordId).ToListAsync(cancellationToken);
            query = query.Where(r => ids.Contains(EF.Property<string>(r, "Id")));
        }
        Items = await query.OrderByDescending(TimeOf).Take(100).ToListAsync(cancellationToken);
        return Page();
    }
}

using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Pages.Admin.Demo;

/// <summary>The demo forms source's inbox: all submissions, a contact's, or one.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
public sealed class FormsModel(SiteDbContext db, CrmDbContext crm, CurrentTenant tenant) : DemoRecordsPage(crm, tenant)
{
    public IReadOnlyList<DemoFormSubmission> Items { get; private set; } = [];
    public DemoFormSubmission? Selected { get; private set; }
    public long? ContactId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, long? contact, CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            Selected = await db.DemoFormSubmissions.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
            if (Selected is null)
            {
                return NotFound();
            }
            ContactId = await ContactOfAsync(RecordKinds.Form, id, cancellationToken);
            return Page();
        }
        ContactId = contact;
        var query = db.DemoFormSubmissions.AsNoTracking();
        if (contact is { } c)
        {
            var ids = await LinkedRecordIdsAsync(c, RecordKinds.Form, cancellationToken);
            query = query.Where(x => ids.Contains(x.Id));
        }
        Items = await query.OrderByDescending(x => x.SubmittedAt).Take(100).ToListAsync(cancellationToken);
        return Page();
    }
}

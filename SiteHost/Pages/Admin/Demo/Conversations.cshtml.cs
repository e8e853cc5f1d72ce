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

/// <summary>The demo chat source's Transcripts: all threads, a contact's threads, or one thread.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
public sealed class ConversationsModel(SiteDbContext db, CrmDbContext crm, CurrentTenant tenant) : DemoRecordsPage(crm, tenant)
{
    public IReadOnlyList<DemoConversation> Items { get; private set; } = [];
    public DemoConversation? Selected { get; private set; }
    public long? ContactId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, long? contact, CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            Selected = await db.DemoConversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (Selected is null)
            {
                return NotFound();
            }
            ContactId = await ContactOfAsync(RecordKinds.Conversation, id, cancellationToken);
            return Page();
        }
        ContactId = contact;
        var query = db.DemoConversations.AsNoTracking();
        if (contact is { } c)
        {
            var ids = await LinkedRecordIdsAsync(c, RecordKinds.Conversation, cancellationToken);
            query = query.Where(x => ids.Contains(x.Id));
        }
        Items = await query.OrderByDescending(x => x.StartedAt).Take(100).ToListAsync(cancellationToken);
        return Page();
    }
}

using System.Linq.Expressions;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Microsoft.AspNetCore.Authorization;

namespace Comerix.SiteHost.Pages.Admin.Demo;

/// <summary>The demo chat source's Transcripts.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
public sealed class ConversationsModel(SiteDbContext db, CrmDbContext crm) : DemoRecordsPage<DemoConversation>(crm)
{
    protected override IQueryable<DemoConversation> Records => db.DemoConversations;
    protected override string Kind => RecordKinds.Conversation;
    protected override Expression<Func<DemoConversation, DateTime>> TimeOf => c => c.StartedAt;
}

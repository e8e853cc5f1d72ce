using System.Linq.Expressions;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace Comerix.SiteHost.Pages.Admin.Demo;

/// <summary>The demo chat source's Transcripts.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
public sealed class ConversationsModel(SiteDbContext db, IContactRecords contactRecords, CurrentTenant tenant) : DemoRecordsPage<DemoConversation>(contactRecords, tenant)
{
    protected override IQueryable<DemoConversation> Records => db.DemoConversations;
    protected override string Kind => RecordKinds.Conversation;
    protected override Expression<Func<DemoConversation, DateTime>> TimeOf => c => c.StartedAt;
}

using System.Linq.Expressions;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Microsoft.AspNetCore.Authorization;

namespace Comerix.SiteHost.Pages.Admin.Demo;

/// <summary>The demo forms source's inbox.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
public sealed class FormsModel(SiteDbContext db, CrmDbContext crm) : DemoRecordsPage<DemoFormSubmission>(crm)
{
    protected override IQueryable<DemoFormSubmission> Records => db.DemoFormSubmissions;
    protected override string Kind => RecordKinds.Form;
    protected override Expression<Func<DemoFormSubmission, DateTime>> TimeOf => f => f.SubmittedAt;
}

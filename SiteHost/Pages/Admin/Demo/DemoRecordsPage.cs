using Comerix.Crm.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Pages.Admin.Demo;

/// <summary>Shared by the demo Transcripts and Forms inbox pages: the record ids a contact's links point at.</summary>
public abstract class DemoRecordsPage(CrmDbContext crm, CurrentTenant tenant) : PageModel
{
    protected string TenantId => tenant.Name;

    protected Task<List<string>> LinkedRecordIdsAsync(long contactId, string kind, CancellationToken cancellationToken) =>
        crm.ContactLinks.AsNoTracking()
            .Where(l => l.TenantId == tenant.Name && l.ContactId == contactId && l.RecordKind == kind)
            .Select(l => l.RecordId).ToListAsync(cancellationToken);

    /// <summary>The live contact a record is linked to, for the "Open contact" link.</summary>
    protected Task<long?> ContactOfAsync(string kind, string id, CancellationToken cancellationToken) =>
        crm.ContactLinks.AsNoTracking()
            .Where(l => l.TenantId == tenant.Name && l.RecordKind == kind && l.RecordId == id)
            .Select(l => (long?)l.ContactId).FirstOrDefaultAsync(cancellationToken);
}

using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>The audit log, newest first, and on request a verification of its whole chain.</summary>
[Authorize(Policy = CrmPermissions.ViewAuditLogName)]
public sealed class AuditModel(CrmDbContext db, AuditVerifier verifier) : CrmAdminPageModel
{
    public const int PageSize = 50;

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool Verify { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public long Total { get; private set; }

    public AuditVerification? Verification { get; private set; }

    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(h => h.TenantId == TenantId, cancellationToken);
        Total = head?.LastSequence ?? 0;
        // Sequences are dense, so a page is a key range: no count, no offset scan.
        var top = Total - (PageNumber - 1L) * PageSize;
        Entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TenantId == TenantId && e.Sequence <= top && e.Sequence > top - PageSize)
            .OrderByDescending(e => e.Sequence).ToListAsync(cancellationToken);
        if (Verify)
        {
            Verification = await verifier.VerifyAsync(TenantId, cancellationToken: cancellationToken);
        }
    }
}

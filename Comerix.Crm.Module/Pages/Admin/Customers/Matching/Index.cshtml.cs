using Comerix.Crm.Matching;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Matching;

/// <summary>Matching → Merge review: pairs the engine would not merge alone, waiting for a person.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
internal sealed class IndexModel(MergeReviewQueue queue) : CrmAdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>The tab the query names (<c>?status=approved</c>, by its stored code); anything else is the pending queue.</summary>
    public MergeReviewStatus EffectiveStatus =>
        Status == MergeReviewStatus.Approved.ToCode() ? MergeReviewStatus.Approved
        : Status == MergeReviewStatus.Rejected.ToCode() ? MergeReviewStatus.Rejected
        : MergeReviewStatus.Pending;

    public IReadOnlyList<MergeReviewQueue.Row> Rows { get; private set; } = [];

    public int PendingCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Rows = await queue.ListAsync(TenantId, EffectiveStatus, cancellationToken);
        PendingCount = await queue.CountPendingAsync(TenantId, cancellationToken);
    }
}

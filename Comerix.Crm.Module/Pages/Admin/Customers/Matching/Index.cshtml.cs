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

    public string EffectiveStatus => Status is MergeReviewStatuses.Approved or MergeReviewStatuses.Rejected ? Status : MergeReviewStatuses.Pending;

    public IReadOnlyList<MergeReviewQueue.Row> Rows { get; private set; } = [];

    public int PendingCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Rows = await queue.ListAsync(TenantId, EffectiveStatus, cancellationToken);
        PendingCount = await queue.CountPendingAsync(TenantId, cancellationToken);
    }
}

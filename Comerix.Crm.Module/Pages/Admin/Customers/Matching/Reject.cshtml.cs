using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Matching;

/// <summary>Reject one review item (remembered for good). Its own page so the manage permission guards it as an endpoint.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class RejectModel(MergeReviewService reviews) : CrmAdminPageModel
{
    public IActionResult OnGet() => RedirectToPage("/Admin/Customers/Matching/Index");

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            var result = await reviews.RejectAsync(TenantId, id, Actor, cancellationToken);
            StatusMessage = result.AlreadyDecided
                ? "Someone decided this pair already; nothing changed."
                : "Rejected: this pair will not be suggested again.";
        }
        catch (CrmValidationException ex)
        {
            StatusMessage = string.Join(" ", ex.Errors);
        }
        return RedirectToPage("/Admin/Customers/Matching/Index");
    }
}

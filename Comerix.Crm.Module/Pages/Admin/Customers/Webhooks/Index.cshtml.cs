using Comerix.Crm.Notifications;
using Comerix.Crm.Security;
using Comerix.Crm.Webhooks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Webhooks;

/// <summary>Webhook endpoints: list with their state, add (the secret is shown once, on the page that created it), delete.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class IndexModel(WebhookEndpointService endpoints) : CrmAdminPageModel
{
    public IReadOnlyList<WebhookEndpointService.Listed> Endpoints { get; private set; } = [];

    [BindProperty]
    public NewEndpointForm Input { get; set; } = new();

    /// <summary>The secret just created, carried over the redirect in TempData (an encrypted cookie read once), like a new API key.</summary>
    [TempData]
    public string? NewSecret { get; set; }

    [TempData]
    public string? NewSecretUrl { get; set; }

    public sealed class NewEndpointForm
    {
        public string? Url { get; set; }

        public List<string> Events { get; set; } = [.. CrmEventTypes.All];
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Endpoints = await endpoints.ListAsync(TenantId, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var (created, urlProblem, eventsProblem) = await endpoints.CreateAsync(TenantId, Input.Url, Input.Events, Actor, cancellationToken);
        if (created is not null)
        {
            (NewSecret, NewSecretUrl) = (created.Secret, created.Endpoint.Url);
            return RedirectToPage("/Admin/Customers/Webhooks/Index");
        }
        if (urlProblem is not null)
        {
            ModelState.AddModelError("Input.Url", urlProblem);
        }
        if (eventsProblem is not null)
        {
            ModelState.AddModelError("Input.Events", eventsProblem);
        }
        Endpoints = await endpoints.ListAsync(TenantId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await endpoints.DeleteAsync(TenantId, id, Actor, cancellationToken))
        {
            return NotFound();
        }
        StatusMessage = "Webhook endpoint deleted: it receives nothing more, and its delivery log is gone.";
        return RedirectToPage("/Admin/Customers/Webhooks/Index");
    }
}

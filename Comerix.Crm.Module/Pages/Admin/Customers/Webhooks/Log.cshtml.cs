using Comerix.Crm.Security;
using Comerix.Crm.Webhooks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Webhooks;

/// <summary>
/// One endpoint's delivery log (status, attempts, last error, next try), with "Send test event", "Retry now" and
/// "Rotate secret" (the new secret shown once, as when the endpoint was added).
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class LogModel(WebhookEndpointService endpoints, TimeProvider time) : CrmAdminPageModel
{
    public WebhookEndpoint Endpoint { get; private set; } = null!;

    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    public DateTime Now { get; private set; }

    /// <summary>False when this site's key ring cannot read the stored secret: the page says to rotate it.</summary>
    public bool CanSign { get; private set; }

    /// <summary>The secret just rotated to, carried over the redirect in TempData (an encrypted cookie read once).</summary>
    [TempData]
    public string? NewSecret { get; set; }

    /// <summary>"now", "in 40 s", "in 12 min", "in 3 h": when a pending delivery is tried next.</summary>
    public string NextTry(WebhookDelivery delivery)
    {
        var wait = delivery.NextAttemptAt - Now;
        return wait.TotalSeconds switch
        {
            < 1 => "now",
            < 60 => $"in {(int)wait.TotalSeconds} s",
            < 3600 => $"in {(int)wait.TotalMinutes} min",
            _ => $"in {(int)wait.TotalHours} h",
        };
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await endpoints.FindAsync(TenantId, id, cancellationToken) is not { } endpoint)
        {
            return NotFound();
        }
        Endpoint = endpoint;
        CanSign = endpoints.CanSign(endpoint);
        Deliveries = await endpoints.LogAsync(TenantId, id, cancellationToken);
        Now = time.GetUtcNow().UtcDateTime;
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(string id, CancellationToken cancellationToken)
    {
        if (!await endpoints.SendTestAsync(TenantId, id, Actor, cancellationToken))
        {
            return NotFound();
        }
        StatusMessage = "Test event queued: it appears below as webhook.test, delivered in a moment if the endpoint answers 2xx.";
        return RedirectToPage("/Admin/Customers/Webhooks/Log", new { id });
    }

    public async Task<IActionResult> OnPostRetryAsync(string id, CancellationToken cancellationToken)
    {
        if (await endpoints.FindAsync(TenantId, id, cancellationToken) is null)
        {
            return NotFound();
        }
        var due = await endpoints.RetryNowAsync(TenantId, id, cancellationToken);
        StatusMessage = due == 0 ? "Nothing was waiting: every delivery has been made." : $"Retrying {due} delivery(ies) now.";
        return RedirectToPage("/Admin/Customers/Webhooks/Log", new { id });
    }

    public async Task<IActionResult> OnPostRotateAsync(string id, CancellationToken cancellationToken)
    {
        if (await endpoints.RotateSecretAsync(TenantId, id, Actor, cancellationToken) is not { } secret)
        {
            return NotFound();
        }
        NewSecret = secret;
        return RedirectToPage("/Admin/Customers/Webhooks/Log", new { id });
    }
}

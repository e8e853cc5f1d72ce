using System.Net;
using Comerix.Crm.Tests.Site;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>The Webhooks admin page as a manager uses it: add an endpoint, copy its secret, send a test event, read the log.</summary>
public sealed class WebhooksPageTests(WebhookSiteFactory site) : IClassFixture<WebhookSiteFactory>
{
    [Fact]
    public async Task AManagerAddsAnEndpointAndSeesATestDeliveryInItsLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var menu = await manager.GetPageAsync("/admin/customers/webhooks");
        Assert.Contains(menu.QuerySelectorAll("a.menu-link"), a => a.TextContent.Trim() == "Webhooks");

        var refused = await manager.ReadAsync(await manager.PostFormAsync("/admin/customers/webhooks", "/admin/customers/webhooks?handler=create",
            new() { ["Input.Url"] = "ftp://hooks.example.com/x", ["Input.Events"] = "contact.created" }));
        Assert.Contains("must start with https:// or http://", refused.QuerySelector(".field-error")!.TextContent);

        var added = await manager.PostFormAsync("/admin/customers/webhooks", "/admin/customers/webhooks?handler=create",
            new() { ["Input.Url"] = receiver.Url, ["Input.Events"] = "contact.created" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await manager.GetPageAsync("/admin/customers/webhooks");
        var secret = list.QuerySelector("#new-secret-value")!.TextContent.Trim();
        Assert.StartsWith("whsec_", secret);
        receiver.Secret = secret;
        var row = list.QuerySelectorAll("[data-testid=endpoints] tbody tr").Single(r => r.TextContent.Contains(receiver.Url));
        Assert.Contains("Healthy", row.TextContent);
        var id = row.GetAttribute("data-endpoint-id")!;
        // Shown once: a reload no longer has it.
        Assert.Null((await manager.GetPageAsync("/admin/customers/webhooks")).QuerySelector("#new-secret-value"));

        var sent = await manager.PostFormAsync($"/admin/customers/webhooks/{id}", $"/admin/customers/webhooks/{id}?handler=test", new());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 1);
        Assert.True(receiver.Succeeded[0].SignatureValid);

        // The receiver counts the delivery when it answers; the worker records "Delivered" just after, so the page may lag it.
        var delivery = await DeliveryRowOnceSettledAsync(manager, id);
        Assert.Contains("webhook.test", delivery.TextContent);
        Assert.Contains("Delivered", delivery.TextContent);
        Assert.Equal(receiver.Succeeded[0].MessageId, delivery.GetAttribute("data-message-id"));

        var retried = await manager.PostFormAsync($"/admin/customers/webhooks/{id}", $"/admin/customers/webhooks/{id}?handler=retry", new());
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Contains("Nothing was waiting", (await manager.GetPageAsync($"/admin/customers/webhooks/{id}")).QuerySelector(".alert-success")!.TextContent);

        var deleted = await manager.PostFormAsync("/admin/customers/webhooks", $"/admin/customers/webhooks?handler=delete&id={id}", new());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/admin/customers/webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task AViewerCannotOpenWebhooksNorSeeTheMenuEntry()
    {
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/admin/customers/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/admin/customers/webhooks/ep_missing")).StatusCode);
        var contacts = await viewer.GetPageAsync("/admin/customers");
        Assert.DoesNotContain(contacts.QuerySelectorAll("a.menu-link"), a => a.TextContent.Trim() == "Webhooks");
    }

    private static async Task<AngleSharp.Dom.IElement> DeliveryRowOnceSettledAsync(SiteClient manager, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var log = await manager.GetPageAsync($"/admin/customers/webhooks/{id}");
            var row = Assert.Single(log.QuerySelectorAll("[data-testid=deliveries] tbody tr"));
            if (!row.TextContent.Contains("Pending", StringComparison.Ordinal)
                || DateTime.UtcNow > deadline)
            {
                return row;
            }
            await Task.Delay(100);
        }
    }
}

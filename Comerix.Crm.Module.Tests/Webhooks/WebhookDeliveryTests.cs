using System.Net;
using System.Text.Json;
using Comerix.Crm.Notifications;
using Comerix.Crm.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>Deliveries as a receiver sees them: signed per Standard Webhooks, with the contact, in order, never lost.</summary>
public sealed class WebhookDeliveryTests(WebhookSiteFactory site) : IClassFixture<WebhookSiteFactory>
{
    internal static StringContent FormEvent(string id, string email, object? traits = null) =>
        Body(new { id, type = "form", occurredAt = "2026-11-20T10:00:00Z", claims = new[] { new { type = "email", value = email } }, traits });

    [Fact]
    public async Task AReceiverVerifiesTheSignatureWithTheStandardWebhooksLibraryAndGetsTheContact()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await site.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);
        Assert.StartsWith("whsec_", endpoint.Secret);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());

        var sent = await api.PostAsync("api/crm/events", FormEvent("wh-signed-1", "signed@webhooks.test", new { name = "Sig Ned" }));
        var contactId = (await ReadAsync(sent)).GetProperty("events")[0].GetProperty("contactId").GetInt64();
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 1);

        var received = Assert.Single(receiver.Requests);
        Assert.True(received.SignatureValid);
        Assert.StartsWith("msg_", received.MessageId);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("contact.created", body.GetProperty("type").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(contactId, data.GetProperty("id").GetInt64());
        Assert.Equal("signed@webhooks.test", data.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("Sig Ned", data.GetProperty("contact").GetProperty("name").GetString());
        Assert.Contains(data.GetProperty("contact").GetProperty("identifiers").EnumerateArray(),
            i => i.GetProperty("type").GetString() == "email" && i.GetProperty("value").GetString() == "signed@webhooks.test");

        // A wrong secret does not verify: the signature is over this body with this endpoint's secret.
        receiver.Secret = WebhookSecrets.New();
        await api.PostAsync("api/crm/events", FormEvent("wh-signed-2", "signed.two@webhooks.test"));
        await receiver.WaitUntilAsync(r => r.Requests.Count == 2);
        Assert.False(receiver.Requests.Last().SignatureValid);

        var log = await site.AnsweredDeliveriesAsync(endpoint.Endpoint.Id);
        Assert.Equal(2, log.Count);
        Assert.All(log, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        // Delivered, the payload is dropped: the log keeps no copy of the person.
        Assert.All(log, d => Assert.Equal("", d.PayloadJson));
    }

    [Fact]
    public async Task AStageOrOwnerChangeIsAContactUpdatedCarryingTheNewStageAndOwner()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await site.AddEndpointAsync(receiver, CrmEventTypes.ContactUpdated);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var sent = await api.PostAsync("api/crm/events", FormEvent("wh-stage-1", "staged@webhooks.test"));
        var contactId = (await ReadAsync(sent)).GetProperty("events")[0].GetProperty("contactId").GetInt64();
        using var manager = await site.SignInAsync(Site.SiteFactory.ManagerEmail);
        await manager.PostFormAsync($"/admin/customers/{contactId}", $"/admin/customers/{contactId}/work?handler=stage", new() { ["stage"] = "lead" });
        await manager.PostFormAsync($"/admin/customers/{contactId}", $"/admin/customers/{contactId}/work?handler=claim", []);
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 2);

        var updates = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data")).ToList();
        Assert.Equal(["stage", "owner"], updates.Select(d => d.GetProperty("changed")[0].GetString()));
        Assert.Equal("lead", updates[0].GetProperty("contact").GetProperty("stage").GetString());
        // No owner yet: left out, as every empty value of the contact is.
        Assert.False(updates[0].GetProperty("contact").TryGetProperty("owner", out _));
        Assert.Equal(Site.SiteFactory.ManagerEmail, updates[1].GetProperty("contact").GetProperty("owner").GetString());
    }

    [Fact]
    public async Task OnlySubscribedEventsAreWrittenAndAnEndpointThatIsGoneGetsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merges = await site.AddEndpointAsync(receiver.Url, CrmEventTypes.ContactMerged);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        await api.PostAsync("api/crm/events", FormEvent("wh-unsubscribed-1", "unsubscribed@webhooks.test"));
        Assert.Empty(await site.DeliveriesAsync(merges.Endpoint.Id));

        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<WebhookEndpointService>().DeleteAsync("Default", merges.Endpoint.Id, "test"));
        }
        var answer = await api.PostAsync("api/crm/events", FormEvent("wh-unsubscribed-2", "after.delete@webhooks.test"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty(receiver.Requests);
    }
}

/// <summary>A crash between commit and send: the delivery is sent again, with the same webhook-id, by whoever runs next.</summary>
public sealed class WebhookRestartTests(WebhookSiteFactory site) : IClassFixture<WebhookSiteFactory>
{
    private static StringContent FormEvent(string id, string email) => WebhookDeliveryTests.FormEvent(id, email);

    [Fact]
    public async Task AWorkerStoppedMidDeliveryIsFollowedByAnotherThatResendsWithTheSameWebhookId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var endpoint = await site.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());

        // The receiver hangs; ingestion does not wait for it.
        var started = DateTime.UtcNow;
        var sent = await api.PostAsync("api/crm/events", FormEvent("wh-restart-1", "restart@webhooks.test"));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        await receiver.WaitUntilAsync(r => !r.Arrived.IsEmpty);
        var first = Assert.Single(receiver.Arrived);
        // While the receiver holds the worker, events still go in (for other people, and for this one).
        var during = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("api/crm/events", FormEvent("wh-restart-2", "restart.other@webhooks.test"))).StatusCode);
        Assert.True(during.Elapsed < TimeSpan.FromSeconds(5), $"ingestion waited {during.Elapsed} for a hanging receiver");

        // The process dies mid-send: its worker stops with the request in flight, nothing recorded.
        var worker = site.Services.GetServices<IHostedService>().OfType<WebhookDeliveryWorker>().Single();
        await worker.StopAsync(CancellationToken.None);
        receiver.Hold = null;

        // A new process on the same database takes over once the attempt's lease ends.
        using var restarted = new WebhookSiteFactory();
        restarted.Settings["data-dir"] = site.DataDirectory;
        restarted.StartServer();
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 2, seconds: 90);

        var resent = Assert.Single(receiver.Succeeded, r => r.MessageId == first);
        Assert.True(resent.SignatureValid);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(3));
        var log = await restarted.AnsweredDeliveriesAsync(endpoint.Endpoint.Id);
        Assert.Equal([(WebhookDeliveryStatus.Delivered, 2), (WebhookDeliveryStatus.Delivered, 1)], log.Select(d => (d.Status, d.Attempts)));
    }
}

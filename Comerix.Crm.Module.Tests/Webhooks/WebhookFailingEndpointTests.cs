using Comerix.Crm.Notifications;
using Comerix.Crm.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>A receiver that never answers 2xx: retried for the whole day, then failed and the endpoint shown failing; Retry now brings it back.</summary>
public sealed class WebhookFailingEndpointTests(FakeClockWebhookSiteFactory site) : IClassFixture<FakeClockWebhookSiteFactory>
{
    [Fact]
    public async Task AfterADayOfFailuresTheDeliveryFailsTheEndpointIsFailingAndRetryNowDeliversIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        receiver.CheckTimestamp = false;
        var endpoint = await site.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("wh-failing-1", "failing@webhooks.test"));

        WebhookDelivery delivery;
        for (var tick = 0; ; tick++)
        {
            delivery = Assert.Single(await site.DeliveriesAsync(endpoint.Endpoint.Id));
            if (delivery.Status == WebhookDeliveryStatus.Failed || tick == 600)
            {
                break;
            }
            site.Clock!.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(20);
        }

        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal("HTTP 503", delivery.LastError);
        Assert.True(delivery.LastAttemptAt - delivery.CreatedAt >= TimeSpan.FromHours(24), $"gave up after {delivery.LastAttemptAt - delivery.CreatedAt}");
        Assert.InRange(delivery.Attempts, 25, 60);
        Assert.All(receiver.Requests, r => Assert.Equal(delivery.MessageId, r.MessageId));
        Assert.Equal(WebhookEndpointState.Failing, (await ListedAsync(endpoint.Endpoint.Id)).Endpoint.State);

        receiver.Answer = _ => 200;
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<WebhookEndpointService>().RetryNowAsync("Default", endpoint.Endpoint.Id));
        }
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 1);
        Assert.Equal(delivery.MessageId, receiver.Succeeded[0].MessageId);
        await receiver.WaitUntilAsync(_ => ListedAsync(endpoint.Endpoint.Id).Result.Endpoint.State == WebhookEndpointState.Healthy);
    }

    private async Task<WebhookEndpointService.Listed> ListedAsync(string id)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        return (await scope.ServiceProvider.GetRequiredService<WebhookEndpointService>().ListAsync("Default")).Single(e => e.Endpoint.Id == id);
    }
}

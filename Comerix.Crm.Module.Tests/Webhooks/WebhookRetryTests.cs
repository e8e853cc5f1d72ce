using Comerix.Crm.Notifications;
using Comerix.Crm.Webhooks;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>Retries on a fake clock: back-off in order per contact, only a 2xx counts, each event once as a success.</summary>
public sealed class WebhookRetryTests(FakeClockWebhookSiteFactory site) : IClassFixture<FakeClockWebhookSiteFactory>
{
    [Fact]
    public async Task AReceiverAnswering500FiveTimesThen200GetsEachEventOnceAsASuccessInOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 5 ? 500 : 200;
        receiver.CheckTimestamp = false;
        var endpoint = await site.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated, CrmEventTypes.ContactUpdated);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());

        await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("wh-retry-1", "retry@webhooks.test"));
        await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("wh-retry-2", "retry@webhooks.test", new { plan = "gold" }));
        // Each tick moves the clock 10 s: the back-off (5 s, 10 s, 20 s … ±25 %) passes in a few hundred ticks.
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 2, () => site.Clock!.Advance(TimeSpan.FromSeconds(10)), seconds: 60);

        var requests = receiver.Requests.OrderBy(r => r.Number).ToList();
        Assert.Equal([500, 500, 500, 500, 500, 200, 200], requests.Select(r => r.Answered));
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        // The first event's five failures and its success carry one webhook-id; the second waited behind it.
        Assert.Single(requests.Take(6).Select(r => r.MessageId).Distinct());
        Assert.Equal(["contact.created", "contact.updated"], receiver.Succeeded.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        Assert.Equal(2, receiver.Succeeded.Select(r => r.MessageId).Distinct().Count());

        var log = await site.AnsweredDeliveriesAsync(endpoint.Endpoint.Id);
        Assert.Equal([(WebhookDeliveryStatus.Delivered, 6), (WebhookDeliveryStatus.Delivered, 1)], log.Select(d => (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task WhenSomeOfABurstFailEachEventStillArrivesOnceAsASuccessAndOnlyTheFailedAreRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Six people in one commit: one round of the worker sends all six, and its answers are written together.
        receiver.Answer = n => n is 2 or 5 ? 500 : 200;
        receiver.CheckTimestamp = false;
        var endpoint = await site.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());

        var burst = Enumerable.Range(1, 6).Select(i => new
        {
            id = $"wh-burst-{i}", type = "form", occurredAt = "2026-11-20T10:00:00Z", claims = new[] { new { type = "email", value = $"burst{i}@webhooks.test" } },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.PostAsync("api/crm/events", Api.ApiJson.Body(new { events = burst }))).StatusCode);
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 6, () => site.Clock!.Advance(TimeSpan.FromSeconds(10)), seconds: 60);

        var requests = receiver.Requests.OrderBy(r => r.Number).ToList();
        Assert.Equal(8, requests.Count);
        var failed = requests.Where(r => r.Answered == 500).Select(r => r.MessageId).ToList();
        Assert.Equal(2, failed.Count);
        // The two that failed came again with their own webhook-ids; the four that got through did not.
        Assert.Equal(failed.Order(), requests.Skip(6).Select(r => r.MessageId).Order());
        Assert.Equal(6, receiver.Succeeded.Select(r => r.MessageId).Distinct().Count());

        var log = await site.AnsweredDeliveriesAsync(endpoint.Endpoint.Id);
        Assert.Equal(6, log.Count);
        Assert.All(log, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        Assert.Equal([1, 1, 1, 1, 2, 2], log.Select(d => d.Attempts).Order());
        Assert.Equal(failed.Order(), log.Where(d => d.Attempts == 2).Select(d => d.MessageId).Order());
    }

    [Fact]
    public void BackOffDoublesWithJitterUpToTheCap()
    {
        var options = new WebhookOptions();
        var random = new Random(7);
        var delays = Enumerable.Range(1, 14).Select(n => WebhookRetryPolicy.DelayAfter(n, options, random)).ToList();
        Assert.InRange(delays[0].TotalSeconds, 3.75, 6.25);
        Assert.InRange(delays[3].TotalSeconds, 30, 50);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromHours(1.25)));
        Assert.InRange(delays[^1].TotalMinutes, 45, 75);
        // Retried for the whole window: the scheduled attempts reach 24 hours.
        Assert.True(TimeSpan.FromSeconds(Enumerable.Range(1, 40).Sum(n => WebhookRetryPolicy.DelayAfter(n, options, random).TotalSeconds)) > TimeSpan.FromHours(24));
    }
}

using Comerix.Crm.Notifications;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Webhooks;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>
/// The outbox and the worker on PostgreSQL: fan-out in the ingesting transaction, claims with SKIP LOCKED, the
/// erasure's purge; secrets stored protected (<see cref="WebhookSecretsAtRestScenarios"/>).
/// </summary>
public sealed class WebhooksOnPostgresTests
{
    [PostgresFact]
    public async Task EventsAreDeliveredSignedInOrderAndAnErasurePurgesThePersonsDeliveries()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = new WebhookSiteFactory();
        site.Settings["database"] = "postgres";
        site.Settings["connection"] = database.Options.ConnectionString!;
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await site.AddEndpointAsync(receiver, [.. CrmEventTypes.All]);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());

        var sent = await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("pg-wh-1", "pg.person@webhooks.test"));
        var contactId = (await ReadAsync(sent)).GetProperty("events")[0].GetProperty("contactId").GetInt64();
        await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("pg-wh-2", "pg.person@webhooks.test", new { plan = "gold" }));
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 2);
        Assert.All(receiver.Succeeded, r => Assert.True(r.SignatureValid));
        Assert.Equal(["contact.created", "contact.updated"],
            receiver.Succeeded.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));

        using var admin = await site.SignInAsync(Site.SiteFactory.AdminEmail);
        await admin.PostFormAsync($"/admin/customers/{contactId}/delete", $"/admin/customers/{contactId}/delete", new() { ["Confirmation"] = "pg.person@webhooks.test" });
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 3);
        Assert.Equal($"{{\"id\":{contactId}}}",
            System.Text.Json.JsonDocument.Parse(receiver.Succeeded[2].Body).RootElement.GetProperty("data").GetRawText());
        var log = await site.DeliveriesAsync(endpoint.Endpoint.Id);
        Assert.Equal([CrmEventTypes.ContactErased], log.Select(d => d.EventType));
    }

    [PostgresFact]
    public async Task TheDatabaseNeverHoldsTheSecretAndReceiversVerifyWithTheOneShownOnceAlsoAfterARotation()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = OnPostgres(database);
        await WebhookSecretsAtRestScenarios.TheDatabaseNeverHoldsTheSecretAndReceiversVerifyWithTheOneShownOnceAlsoAfterARotation(site);
    }

    [PostgresFact]
    public async Task ASecretStoredAsIsBeforeIsProtectedAtTheNextStartAndStillVerifies()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = OnPostgres(database);
        await WebhookSecretsAtRestScenarios.ASecretStoredAsIsBeforeIsProtectedAtTheNextStartAndStillVerifies(site);
    }

    private static WebhookSiteFactory OnPostgres(TestDatabase database)
    {
        var site = new WebhookSiteFactory();
        site.Settings["database"] = "postgres";
        site.Settings["connection"] = database.Options.ConnectionString!;
        return site;
    }
}

using System.Net;
using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Notifications;
using Comerix.Crm.Tests.Site;
using Comerix.Crm.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>
/// Signing secrets at rest: the database holds them protected by the site's data-protection keys, receivers keep
/// verifying with the secret shown once, and a secret stored as is by an earlier version is protected at the next start
/// without changing. Run on SQLite by <see cref="WebhookSecretsAtRestTests"/> and on PostgreSQL by <see cref="WebhooksOnPostgresTests"/>.
/// </summary>
internal static class WebhookSecretsAtRestScenarios
{
    public static async Task TheDatabaseNeverHoldsTheSecretAndReceiversVerifyWithTheOneShownOnceAlsoAfterARotation(WebhookSiteFactory site)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await site.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);
        var stored = await StoredSecretAsync(site, endpoint.Endpoint.Id);
        AssertHidden(endpoint.Secret, stored);

        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("at-rest-1", "at.rest@webhooks.test"));
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 1);
        Assert.True(receiver.Succeeded[0].SignatureValid);

        // A manager rotates it: the new secret is shown once, stored protected, and signs from then on.
        var url = $"/admin/customers/webhooks/{endpoint.Endpoint.Id}";
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(url, url + "?handler=rotate", new())).StatusCode);
        var page = await manager.GetPageAsync(url);
        var rotated = page.QuerySelector("#new-secret-value")!.TextContent.Trim();
        Assert.StartsWith(WebhookSecrets.Prefix, rotated);
        Assert.NotEqual(endpoint.Secret, rotated);
        Assert.Null((await manager.GetPageAsync(url)).QuerySelector("#new-secret-value"));
        var storedAfter = await StoredSecretAsync(site, endpoint.Endpoint.Id);
        AssertHidden(rotated, storedAfter);
        Assert.NotEqual(stored, storedAfter);

        receiver.Secret = rotated;
        await manager.PostFormAsync(url, url + "?handler=test", new());
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 2);
        Assert.True(receiver.Succeeded[1].SignatureValid);
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        Assert.Contains("Webhook signing secret rotated", (await admin.GetPageAsync("/admin/customers/audit")).QuerySelector("table")!.TextContent);
    }

    /// <summary>
    /// An endpoint added before this version, its secret stored as is: the next start protects it (recorded as a data
    /// step) and the receiver, which still has that secret, keeps verifying.
    /// </summary>
    public static async Task ASecretStoredAsIsBeforeIsProtectedAtTheNextStartAndStillVerifies(WebhookSiteFactory before)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        before.Settings["Crm:Webhooks:RunWorker"] = "false";
        var endpoint = await before.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);
        await using (var scope = await before.TenantScopeAsync("Default"))
        {
            // As the earlier version stored it, and before the step existed.
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            await db.WebhookEndpoints.Where(e => e.Id == endpoint.Endpoint.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProtectedSecret, endpoint.Secret));
            await db.DataSteps.Where(s => s.Step == WebhookSecretProtectStep.StepName).ExecuteDeleteAsync();
        }
        Assert.Equal(endpoint.Secret, await StoredSecretAsync(before, endpoint.Endpoint.Id));

        await using var upgraded = Restarted(before);
        upgraded.StartServer();

        AssertHidden(endpoint.Secret, await StoredSecretAsync(upgraded, endpoint.Endpoint.Id));
        Assert.Contains(("", WebhookSecretProtectStep.StepName), await DataStepsAsync(upgraded));
        Assert.Contains(("Default", WebhookSecretProtectStep.StepName), await DataStepsAsync(upgraded));
        using var api = upgraded.ApiClient(await upgraded.CreateApiKeyAsync());
        await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("at-rest-old-1", "old.row@webhooks.test"));
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 1);
        Assert.True(receiver.Succeeded[0].SignatureValid);
    }

    /// <summary>Another process on the same database and data folder (and, for PostgreSQL, the same connection).</summary>
    public static WebhookSiteFactory Restarted(WebhookSiteFactory site)
    {
        var restarted = new WebhookSiteFactory();
        foreach (var (key, value) in site.Settings.Where(s => s.Key != "Crm:Webhooks:RunWorker"))
        {
            restarted.Settings[key] = value;
        }
        restarted.Settings["data-dir"] = site.DataDirectory;
        return restarted;
    }

    public static async Task<string> StoredSecretAsync(SiteFactory site, string endpointId)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().WebhookEndpoints.AsNoTracking()
            .Where(e => e.Id == endpointId).Select(e => e.ProtectedSecret).SingleAsync();
    }

    private static async Task<List<(string, string)>> DataStepsAsync(SiteFactory site)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        return (await scope.ServiceProvider.GetRequiredService<CrmDbContext>().DataSteps.AsNoTracking().ToListAsync())
            .Select(s => (s.TenantId, s.Step)).ToList();
    }

    /// <summary>The stored value gives away neither the secret nor its key bytes.</summary>
    private static void AssertHidden(string secret, string stored)
    {
        Assert.DoesNotContain(secret[WebhookSecrets.Prefix.Length..], stored);
        Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(secret[WebhookSecrets.Prefix.Length..])), stored, StringComparison.OrdinalIgnoreCase);
        Assert.False(WebhookSecrets.IsPlain(stored));
    }
}

/// <summary>The secrets-at-rest scenarios on SQLite, and what happens when the site's key ring is lost.</summary>
public sealed class WebhookSecretsAtRestTests
{
    [Fact]
    public async Task TheDatabaseNeverHoldsTheSecretAndReceiversVerifyWithTheOneShownOnceAlsoAfterARotation()
    {
        await using var site = new WebhookSiteFactory();
        await WebhookSecretsAtRestScenarios.TheDatabaseNeverHoldsTheSecretAndReceiversVerifyWithTheOneShownOnceAlsoAfterARotation(site);
    }

    [Fact]
    public async Task ASecretStoredAsIsBeforeIsProtectedAtTheNextStartAndStillVerifies()
    {
        await using var site = new WebhookSiteFactory();
        await WebhookSecretsAtRestScenarios.ASecretStoredAsIsBeforeIsProtectedAtTheNextStartAndStillVerifies(site);
    }

    /// <summary>
    /// The data folder's key ring is lost (restored without <c>keys</c>, say): the worker keeps running, sends nothing
    /// unsigned, and the endpoint's page and log say to rotate the secret; once rotated, Retry now delivers.
    /// </summary>
    [Fact]
    public async Task ASecretTheKeyRingCannotReadFailsItsDeliveriesWithTheReasonAndARotationMendsIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var before = new WebhookSiteFactory();
        before.Settings["Crm:Webhooks:RunWorker"] = "false";
        var endpoint = await before.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);
        foreach (var key in Directory.GetFiles(Path.Combine(before.DataDirectory, "keys"), "key-*.xml"))
        {
            File.Delete(key);
        }

        await using var site = WebhookSecretsAtRestScenarios.Restarted(before);
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("lost-keys-1", "lost.keys@webhooks.test"))).StatusCode);
        WebhookDelivery delivery;
        for (var tries = 0; ; tries++)
        {
            delivery = Assert.Single(await site.DeliveriesAsync(endpoint.Endpoint.Id));
            if (delivery.LastError is not null || tries == 200)
            {
                break;
            }
            await Task.Delay(50);
        }

        Assert.Equal(WebhookSecretProtector.UnreadableError, delivery.LastError);
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Empty(receiver.Arrived);
        Assert.Contains(site.Logs.Lines, l => l.StartsWith("Warning") && l.Contains(endpoint.Endpoint.Id) && l.Contains("rotated"));
        // The worker is still at work: other endpoints are not held up by this one.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("lost-keys-2", "lost.keys.two@webhooks.test"))).StatusCode);

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var list = await manager.GetPageAsync("/admin/customers/webhooks");
        Assert.Contains("Secret unreadable", list.QuerySelector($"[data-endpoint-id={endpoint.Endpoint.Id}]")!.TextContent);
        var url = $"/admin/customers/webhooks/{endpoint.Endpoint.Id}";
        var page = await manager.GetPageAsync(url);
        Assert.Contains("signing secret cannot be read", page.QuerySelector("[data-testid=secret-unreadable]")!.TextContent);
        Assert.Contains("Rotate the secret", page.QuerySelector("[data-testid=secret-unreadable]")!.TextContent);
        Assert.All(page.QuerySelectorAll("[data-testid=deliveries] tbody tr"), row => Assert.Contains("Rotate the secret", row.TextContent));

        await manager.PostFormAsync(url, url + "?handler=rotate", new());
        var rotated = await manager.GetPageAsync(url);
        receiver.Secret = rotated.QuerySelector("#new-secret-value")!.TextContent.Trim();
        Assert.Null(rotated.QuerySelector("[data-testid=secret-unreadable]"));
        await manager.PostFormAsync(url, url + "?handler=retry", new());
        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 2);
        Assert.All(receiver.Succeeded, r => Assert.True(r.SignatureValid));
        Assert.DoesNotContain("Secret unreadable", (await manager.GetPageAsync("/admin/customers/webhooks")).QuerySelector($"[data-endpoint-id={endpoint.Endpoint.Id}]")!.TextContent);
    }

    /// <summary>The site installed in another folder, on the same data folder: its key ring still reads the secrets.</summary>
    [Fact]
    public async Task ASiteMovedToAnotherFolderKeepsSigningWithTheSameSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var before = new WebhookSiteFactory();
        before.Settings["Crm:Webhooks:RunWorker"] = "false";
        await before.AddEndpointAsync(receiver, CrmEventTypes.ContactCreated);

        var elsewhere = Directory.CreateTempSubdirectory("comerix-moved-");
        try
        {
            await using var moved = WebhookSecretsAtRestScenarios.Restarted(before);
            moved.Settings["contentRoot"] = elsewhere.FullName;
            using var api = moved.ApiClient(await moved.CreateApiKeyAsync());
            Assert.Equal(elsewhere.FullName.TrimEnd('/'),
                moved.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().ContentRootPath.TrimEnd('/'));
            await api.PostAsync("api/crm/events", WebhookDeliveryTests.FormEvent("moved-1", "moved@webhooks.test"));
            await receiver.WaitUntilAsync(r => r.Succeeded.Count == 1);
            Assert.True(receiver.Succeeded[0].SignatureValid);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}

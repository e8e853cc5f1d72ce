using Comerix.Crm.Tests.Site;
using Comerix.Crm.Webhooks;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>
/// The site with webhooks allowed to reach a receiver on this machine (http, loopback: the test's setting), and
/// optionally a fake clock the test moves to run back-off schedules in milliseconds.
/// </summary>
public class WebhookSiteFactory : SiteFactory
{
    public WebhookSiteFactory()
    {
        Settings["Crm:Webhooks:AllowHttp"] = "true";
        Settings["Crm:Webhooks:AllowPrivateNetworks"] = "true";
        Settings["Crm:Webhooks:PollInterval"] = "00:00:00.200";
        // A crashed attempt is due again after this: short, so the restart test waits seconds, not a minute.
        Settings["Crm:Webhooks:Lease"] = "00:00:05";
    }

    /// <summary>Every line the site logs.</summary>
    public Erasure.CapturedLogs Logs { get; } = new();

    /// <summary>Set before the site starts to run it on a fake clock.</summary>
    public FakeTimeProvider? Clock { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }

    /// <summary>Adds an endpoint for <paramref name="events"/> as a manager would; returns it with its secret.</summary>
    internal async Task<WebhookEndpointService.Created> AddEndpointAsync(string url, params string[] events)
    {
        StartServer();
        await using var scope = await TenantScopeAsync(SiteTenant.DefaultName);
        var (created, urlProblem, eventsProblem) = await scope.ServiceProvider.GetRequiredService<WebhookEndpointService>()
            .CreateAsync(SiteTenant.DefaultName, url, events, "test");
        return created ?? throw new InvalidOperationException(urlProblem ?? eventsProblem);
    }

    /// <summary>Adds an endpoint pointing at <paramref name="receiver"/> and gives the receiver its secret, as its owner would.</summary>
    internal async Task<WebhookEndpointService.Created> AddEndpointAsync(WebhookReceiver receiver, params string[] events)
    {
        var created = await AddEndpointAsync(receiver.Url, events);
        receiver.Secret = created.Secret;
        return created;
    }

    internal async Task<List<WebhookDelivery>> DeliveriesAsync(string endpointId)
    {
        await using var scope = await TenantScopeAsync(SiteTenant.DefaultName);
        return await scope.ServiceProvider.GetRequiredService<WebhookEndpointService>().LogAsync(SiteTenant.DefaultName, endpointId);
    }

    /// <summary>
    /// The delivery log once no delivery is pending (30 s at most), in the order written. The receiver has answered
    /// before the worker records the answer: a log read at once can find a delivered request still pending.
    /// </summary>
    internal async Task<List<WebhookDelivery>> AnsweredDeliveriesAsync(string endpointId)
    {
        var log = await DeliveriesAsync(endpointId);
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); log.Any(d => d.Status == WebhookDeliveryStatus.Pending) && wait.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(50);
            log = await DeliveriesAsync(endpointId);
        }
        return log.OrderBy(d => d.Id).ToList();
    }
}

/// <summary>The webhook site on a fake clock.</summary>
public sealed class FakeClockWebhookSiteFactory : WebhookSiteFactory
{
    public FakeClockWebhookSiteFactory() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}

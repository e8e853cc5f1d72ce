using System.Collections.Concurrent;
using Comerix.Crm.Notifications;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Notifications;

/// <summary>Every notification the site's handlers received, in order.</summary>
public sealed class RecordedNotifications
{
    private readonly ConcurrentQueue<CrmNotification> _all = new();

    public void Add(CrmNotification notification) => _all.Enqueue(notification);

    public IReadOnlyList<CrmNotification> All => _all.ToList();

    public IReadOnlyList<T> Of<T>() where T : CrmNotification => _all.OfType<T>().ToList();

    public async Task<T> WaitForAsync<T>(Func<T, bool> match) where T : CrmNotification
    {
        for (var waited = 0; waited < 300; waited++)
        {
            if (_all.OfType<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no {typeof(T).Name} arrived");
    }
}

/// <summary>A host's workflow hook, as a test sees it: records what it is handed.</summary>
public sealed class RecordingHandler<T>(RecordedNotifications recorded) : ICrmEventHandler<T> where T : CrmNotification
{
    public Task HandleAsync(T notification, CancellationToken cancellationToken)
    {
        recorded.Add(notification);
        return Task.CompletedTask;
    }
}

/// <summary>A handler that always fails: the change it follows must stand, and the other handlers still run.</summary>
public sealed class FailingHandler : ICrmEventHandler<ContactCreated>
{
    public Task HandleAsync(ContactCreated notification, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the welcome mail server is down");
}

/// <summary>The site with a handler registered for every CRM notification (and one that always fails).</summary>
public sealed class HandlerSiteFactory : SiteFactory
{
    public RecordedNotifications Recorded { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Recorded);
            services.AddCrmEventHandler<ContactCreated, FailingHandler>();
            services.AddCrmEventHandler<ContactCreated, RecordingHandler<ContactCreated>>();
            services.AddCrmEventHandler<ContactUpdated, RecordingHandler<ContactUpdated>>();
            services.AddCrmEventHandler<ContactIdentified, RecordingHandler<ContactIdentified>>();
            services.AddCrmEventHandler<ContactMerged, RecordingHandler<ContactMerged>>();
            services.AddCrmEventHandler<ContactErased, RecordingHandler<ContactErased>>();
            services.AddCrmEventHandler<DoNotContactSet, RecordingHandler<DoNotContactSet>>();
            services.AddCrmEventHandler<DoNotContactLifted, RecordingHandler<DoNotContactLifted>>();
            services.AddCrmEventHandler<ReviewQueued, RecordingHandler<ReviewQueued>>();
            services.AddCrmEventHandler<ImportCompleted, RecordingHandler<ImportCompleted>>();
        });
    }
}

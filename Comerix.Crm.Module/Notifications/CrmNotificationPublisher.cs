using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Notifications;

/// <summary>
/// Hands committed notifications to the registered <see cref="ICrmEventHandler{T}"/>s, each in its own scope. A handler
/// that fails is logged (event type, contact id and the exception's type: never its message, which may quote the
/// person) and the others still run; nothing is rolled back, the change has committed.
/// </summary>
internal sealed class CrmNotificationPublisher(IServiceScopeFactory scopes, ILogger<CrmNotificationPublisher> logger)
{
    private static readonly MethodInfo DispatchMethod =
        typeof(CrmNotificationPublisher).GetMethod(nameof(DispatchAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly ConcurrentDictionary<Type, bool> _hasHandlers = new();
    private readonly ConcurrentDictionary<Type, Func<IServiceProvider, CrmNotification, CancellationToken, Task>> _dispatchers = new();

    /// <summary>True when a handler is registered for this notification type (asked once per type, then remembered).</summary>
    public bool HasHandlers(Type notificationType) => _hasHandlers.GetOrAdd(notificationType, type =>
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetServices(typeof(ICrmEventHandler<>).MakeGenericType(type)).Any();
    });

    public async Task PublishAsync(IReadOnlyList<CrmNotification> notifications, CancellationToken cancellationToken = default)
    {
        foreach (var notification in notifications)
        {
            if (!HasHandlers(notification.GetType()))
            {
                continue;
            }
            var dispatch = _dispatchers.GetOrAdd(notification.GetType(), type =>
                DispatchMethod.MakeGenericMethod(type).CreateDelegate<Func<IServiceProvider, CrmNotification, CancellationToken, Task>>(this));
            await using var scope = scopes.CreateAsyncScope();
            // A handler that reads the CRM's tables reads the notification's tenant, whichever tenant the scope's accessor names.
            scope.ServiceProvider.GetService<Data.CrmDbContext>()?.ScopeTo(notification.TenantId);
            await dispatch(scope.ServiceProvider, notification, cancellationToken);
        }
    }

    private async Task DispatchAsync<T>(IServiceProvider services, CrmNotification notification, CancellationToken cancellationToken)
        where T : CrmNotification
    {
        foreach (var handler in services.GetServices<ICrmEventHandler<T>>())
        {
            try
            {
                await handler.HandleAsync((T)notification, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                NotificationLog.HandlerFailed(logger, handler.GetType().FullName, notification.EventType, notification.OrderKey, notification.TenantId, ex.GetType().Name);
            }
        }
    }
}

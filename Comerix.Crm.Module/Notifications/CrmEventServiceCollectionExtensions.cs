using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Notifications;

public static class CrmEventServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="THandler"/> (scoped) for <typeparamref name="TNotification"/>, raised after each commit.</summary>
    public static IServiceCollection AddCrmEventHandler<TNotification, THandler>(this IServiceCollection services)
        where TNotification : CrmNotification
        where THandler : class, ICrmEventHandler<TNotification> =>
        services.AddScoped<ICrmEventHandler<TNotification>, THandler>();
}

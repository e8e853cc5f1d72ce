using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Notifications;

/// <summary>In-process event handlers' log lines (event ids 8000–8999, see <see cref="CrmLogEvents"/>).</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = CrmLogEvents.Notifications + 1, Level = LogLevel.Error,
        Message = "CRM event handler {Handler} failed on {EventType} (contact {ContactId}, tenant {Tenant}): {Error}. The change stands.")]
    public static partial void HandlerFailed(ILogger logger, string? handler, string eventType, long? contactId, string tenant, string error);
}

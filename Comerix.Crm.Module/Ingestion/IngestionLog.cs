using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Ingestion;

/// <summary>Ingestion's log lines (event ids 6000–6999, see <see cref="CrmLogEvents"/>). Counts, never an event's values.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(EventId = CrmLogEvents.Ingestion + 1, Level = LogLevel.Warning,
        Message = "A group commit of {Requests} requests ({Events} events) for tenant {Tenant} failed ({Error}); each request runs again on its own.")]
    public static partial void GroupFailed(ILogger logger, int requests, int events, string tenant, string error);
}

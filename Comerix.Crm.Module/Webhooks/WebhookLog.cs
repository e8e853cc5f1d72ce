using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Webhooks;

/// <summary>Webhooks' log lines (event ids 5000–5999, see <see cref="CrmLogEvents"/>). Ids and outcomes, never a payload.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = CrmLogEvents.Webhooks + 1, Level = LogLevel.Warning,
        Message = "Webhook delivery round failed; trying again at the next round.")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CrmLogEvents.Webhooks + 2, Level = LogLevel.Warning,
        Message = "Webhook endpoint {Endpoint} of tenant {Tenant}: the signing secret cannot be read with this site's data-protection keys; " +
                  "nothing is sent until the secret is rotated on its Webhooks page.")]
    public static partial void SecretUnreadable(ILogger logger, string endpoint, string tenant);

    [LoggerMessage(EventId = CrmLogEvents.Webhooks + 3, Level = LogLevel.Warning,
        Message = "Webhook delivery {MessageId} to endpoint {Endpoint} gave up after {Attempts} attempts: {Error}.")]
    public static partial void GaveUp(ILogger logger, string messageId, string endpoint, int attempts, string? error);
}

namespace Comerix.Crm.Webhooks;

/// <summary>Where one delivery is: waiting (or retrying), delivered, or given up after the retry window (a closed set).</summary>
public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>The words <see cref="WebhookDeliveryStatus"/> is stored as (crm_webhook_deliveries.status).</summary>
internal static class WebhookDeliveryStatusCodes
{
    public static string ToCode(this WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "pending",
        WebhookDeliveryStatus.Delivered => "delivered",
        WebhookDeliveryStatus.Failed => "failed",
        _ => throw StateCodes.NotAState(status),
    };

    public static WebhookDeliveryStatus FromCode(string code) => code switch
    {
        "pending" => WebhookDeliveryStatus.Pending,
        "delivered" => WebhookDeliveryStatus.Delivered,
        "failed" => WebhookDeliveryStatus.Failed,
        _ => throw StateCodes.Unknown("webhook delivery status", code, "pending", "delivered", "failed"),
    };
}

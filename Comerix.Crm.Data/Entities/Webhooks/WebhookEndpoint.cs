namespace Comerix.Crm.Webhooks;

/// <summary>Where a tenant's events go: a URL, the event types it wants, and the secret deliveries are signed with.</summary>
internal sealed class WebhookEndpoint
{
    public required string TenantId { get; set; }

    /// <summary>"ep_" and random letters: names the endpoint in URLs and logs without saying where it points.</summary>
    public required string Id { get; set; }

    public required string Url { get; set; }

    /// <summary>The subscribed event types between commas, with a comma at each end (",contact.created,contact.merged,"): matched with LIKE when an event is written.</summary>
    public required string EventTypes { get; set; }

    /// <summary>
    /// The Standard Webhooks secret ("whsec_" and base64), shown once when created or rotated, stored protected by
    /// <see cref="WebhookSecretProtector"/> (it must be read back to sign). Rows from before were converted at start-up.
    /// </summary>
    public required string ProtectedSecret { get; set; }

    public WebhookEndpointState State { get; set; } = WebhookEndpointState.Healthy;

    /// <summary>When the first delivery gave up after retrying for the whole retry window; null while healthy.</summary>
    public DateTime? FailingSince { get; set; }

    public DateTime? LastSuccessAt { get; set; }

    public required DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string JoinEventTypes(IEnumerable<string> types) => "," + string.Join(',', types) + ",";
}

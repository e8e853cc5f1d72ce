namespace Comerix.Crm.Webhooks;

/// <summary>Whether an endpoint's deliveries are getting through (a closed set).</summary>
public enum WebhookEndpointState
{
    Healthy,

    /// <summary>A delivery gave up after the retry window; back to healthy at the next success.</summary>
    Failing,
}

/// <summary>The words <see cref="WebhookEndpointState"/> is stored as (crm_webhook_endpoints.state).</summary>
internal static class WebhookEndpointStateCodes
{
    public static string ToCode(this WebhookEndpointState state) => state switch
    {
        WebhookEndpointState.Healthy => "healthy",
        WebhookEndpointState.Failing => "failing",
        _ => throw StateCodes.NotAState(state),
    };

    public static WebhookEndpointState FromCode(string code) => code switch
    {
        "healthy" => WebhookEndpointState.Healthy,
        "failing" => WebhookEndpointState.Failing,
        _ => throw StateCodes.Unknown("webhook endpoint state", code, "healthy", "failing"),
    };
}

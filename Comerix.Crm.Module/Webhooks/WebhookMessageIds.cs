namespace Comerix.Crm.Webhooks;

/// <summary>The <c>webhook-id</c> of a message: "msg_" and a time-ordered GUID, the same on every attempt.</summary>
internal static class WebhookMessageIds
{
    public static string New() => "msg_" + Guid.CreateVersion7().ToString("N");
}

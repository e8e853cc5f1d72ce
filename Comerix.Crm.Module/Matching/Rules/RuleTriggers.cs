using Comerix.Crm.Activity;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// The events an identity rule can start from: the workflow triggers. Each matches on the event's type and, for
/// chats, its name ("started" or "message"). A custom trigger names its event type.
/// </summary>
internal static class RuleTriggers
{
    public const string FormSubmitted = "form-submitted";
    public const string OrderPlaced = "order-placed";
    public const string ChatStarted = "chat-started";
    public const string ChatMessage = "chat-message";
    public const string Telemetry = "telemetry";
    public const string Custom = "custom";

    public const string ChatStartedName = "started";
    public const string ChatMessageName = "message";

    public sealed record TriggerInfo(string Key, string Label, string Description);

    public static IReadOnlyList<TriggerInfo> All { get; } =
    [
        new(FormSubmitted, "Form submitted", "A form was submitted (events of type form)."),
        new(OrderPlaced, "Order placed", "A conversion: an order, a booking, a paid sign-up (events of type conversion)."),
        new(ChatStarted, "Chat started", "A visitor opened a conversation (type conversation, name \"started\")."),
        new(ChatMessage, "Chat message", "A message in a conversation (type conversation, name \"message\")."),
        new(Telemetry, "Telemetry", "Page views, screens and tracked actions (type telemetry, Segment track/page/identify)."),
        new(Custom, "Custom event", "Events of a type you name, such as newsletter.signup."),
    ];

    public static bool IsKnown(string? key) => All.Any(t => t.Key == key);

    public static string Label(string key, string? eventType) =>
        key == Custom ? $"Custom event: {eventType}" : All.FirstOrDefault(t => t.Key == key)?.Label ?? key;

    public static bool Matches(string key, string? eventType, CrmEvent evt) => key switch
    {
        FormSubmitted => evt.Type == ActivityTypes.Form,
        OrderPlaced => evt.Type == ActivityTypes.Conversion,
        // A chat event without a name is where a conversation begins.
        ChatStarted => evt.Type == ActivityTypes.Conversation && (evt.Name is null || evt.Name == ChatStartedName),
        ChatMessage => evt.Type == ActivityTypes.Conversation && evt.Name == ChatMessageName,
        Telemetry => evt.Type == ActivityTypes.Telemetry,
        Custom => evt.Type == eventType,
        _ => false,
    };
}

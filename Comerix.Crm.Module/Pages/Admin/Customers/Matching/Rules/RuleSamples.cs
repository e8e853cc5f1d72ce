using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Matching.Rules;

namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

/// <summary>A sample event for each trigger, so the test panel is one click away from an answer.</summary>
internal static class RuleSamples
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Shown in a textarea (HTML-encoded by Razor): "+44", not "\u002B44".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string For(string trigger, string? eventType)
    {
        object sample = trigger switch
        {
            RuleTriggers.OrderPlaced => new
            {
                type = ActivityTypes.Conversion,
                payload = new { orderId = "A-1001", total = 129.90m, currency = "EUR", email = "ada@example.com", customerId = "cus_1001", name = "Ada Lovelace" },
            },
            RuleTriggers.ChatStarted or RuleTriggers.ChatMessage => new
            {
                type = ActivityTypes.Conversation,
                name = trigger == RuleTriggers.ChatStarted ? RuleTriggers.ChatStartedName : RuleTriggers.ChatMessageName,
                claims = new[] { new { type = "visitor_id", value = "v-8f2c1e" } },
                payload = new { conversationId = "chat-42", name = "Ada", email = "ada@example.com" },
            },
            RuleTriggers.Telemetry => new
            {
                type = ActivityTypes.Telemetry,
                name = "Signed Up",
                claims = new[] { new { type = "visitor_id", value = "v-8f2c1e" } },
                payload = new { properties = new { email = "ada@example.com", plan = "pro" } },
            },
            RuleTriggers.Custom => new
            {
                type = eventType ?? "newsletter.signup",
                claims = new[] { new { type = "visitor_id", value = "v-8f2c1e" } },
                payload = new { email = "ada@example.com" },
            },
            _ => new
            {
                type = ActivityTypes.Form,
                claims = new[] { new { type = "visitor_id", value = "v-8f2c1e" } },
                payload = new { form = "Contact us", email = "ada@example.com", phone = "+44 20 7946 0000", name = "Ada Lovelace", company = "Analytical Engines" },
            },
        };
        return JsonSerializer.Serialize(sample, Indented);
    }
}

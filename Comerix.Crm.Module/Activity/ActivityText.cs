using System.Globalization;
using System.Text.Json;

namespace Comerix.Crm.Activity;

/// <summary>One line per timeline row, in words a site admin reads at a glance.</summary>
public static class ActivityText
{
    public static string Describe(ContactActivity a) => a.Type switch
    {
        ActivityTypes.Conversation => "Chatted" + Via(a),
        ActivityTypes.Form => "Submitted a form" + Via(a),
        ActivityTypes.Conversion => a.ConversionValue is { } v
            ? $"Converted: {v.ToString("N2", CultureInfo.InvariantCulture)} {a.Currency}".TrimEnd()
            : "Converted",
        ActivityTypes.Telemetry => TelemetryText(a),
        ActivityTypes.Note => PayloadText(a, "text") ?? "Note",
        ActivityTypes.Merge => MergeText(a),
        _ => (PayloadText(a, "event") is { } custom ? $"{a.Type}: {custom}" : $"{a.Type} event") + Via(a),
    };

    /// <summary>
    /// "Viewed /pricing", "Viewed Pricing" (a Segment page or screen call), "Order Completed via segment" (a named
    /// event: Segment's track, or the native API's "name"), else "Telemetry event".
    /// </summary>
    private static string TelemetryText(ContactActivity a)
    {
        var name = PayloadText(a, "event");
        var url = PayloadText(a, "url");
        if (PayloadText(a, "page") is { } page)
        {
            return $"Viewed {page}";
        }
        if (PayloadText(a, "segment") is "page" or "screen" && (name ?? url) is { } viewed)
        {
            return $"Viewed {viewed}";
        }
        return name is not null ? name + Via(a) : url is not null ? $"Viewed {url}" : "Telemetry event" + Via(a);
    }

    /// <summary>"Merged contact #2357 into this one by admin@site — Merged by hand.": which contact, who, why.</summary>
    private static string MergeText(ContactActivity a)
    {
        var merged = PayloadValue(a, "mergedContactId") is { ValueKind: JsonValueKind.Number } id ? $"contact #{id.GetInt64()}" : "another contact";
        var by = PayloadText(a, "by") is { } actor ? $" by {actor}" : "";
        var reason = PayloadText(a, "reason") is { } r ? $" — {r}" : "";
        return $"Merged {merged} into this one{by}{reason}";
    }

    private static string Via(ContactActivity a) => string.IsNullOrWhiteSpace(a.Source) ? "" : $" via {a.Source}";

    private static string? PayloadText(ContactActivity a, string property) =>
        PayloadValue(a, property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement? PayloadValue(ContactActivity a, string property)
    {
        if (a.PayloadJson is null)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(a.PayloadJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(property, out var value)
                ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

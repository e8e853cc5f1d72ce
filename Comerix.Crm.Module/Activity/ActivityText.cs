using System.Globalization;
using System.Text.Json;

namespace Comerix.Crm.Activity;

/// <summary>One line per timeline row, in words a site admin reads at a glance.</summary>
internal static class ActivityText
{
    public static string Describe(ContactActivity a)
    {
        var payload = Payload.Read(a.PayloadJson);
        return a.Type switch
        {
            ActivityTypes.Conversation => "Chatted" + Via(a),
            ActivityTypes.Form => "Submitted a form" + Via(a),
            ActivityTypes.Conversion => a.ConversionValue is { } v
                ? $"Converted: {v.ToString("N2", CultureInfo.InvariantCulture)} {a.Currency}".TrimEnd()
                : "Converted",
            ActivityTypes.Telemetry => TelemetryText(a, payload),
            // The note's text is isolated (FSI…PDI): a right-to-left override inside it cannot reorder the author after it.
            ActivityTypes.Note => $"\u2068{payload.Text("text") ?? "Note"}\u2069" + (payload.Text("by") is { } by ? $" — note by {by}" : ""),
            ActivityTypes.Merge => MergeText(payload),
            ActivityTypes.Unmerge => UnmergeText(a, payload),
            ActivityTypes.StageChange => StageText(payload),
            ActivityTypes.OwnerChange => OwnerText(payload),
            _ => (payload.Text("event") is { } custom ? $"{a.Type}: {custom}" : $"{a.Type} event") + Via(a),
        };
    }

    /// <summary>
    /// "Viewed /pricing", "Viewed Pricing" (a Segment page or screen call), "Order Completed via segment" (a named
    /// event: Segment's track, or the native API's "name"), "Identified via segment" (Segment's calls that say who
    /// someone is rather than what they did: the page they were on is not a view), else "Telemetry event".
    /// </summary>
    private static string TelemetryText(ContactActivity a, Payload payload)
    {
        var name = payload.Text("event");
        var url = payload.Text("url");
        if (payload.Text("segment") is { } call && IdentityCallText(call) is { } said)
        {
            return said + Via(a);
        }
        if (payload.Text("page") is { } page)
        {
            return $"Viewed {page}";
        }
        if (payload.Text("segment") is "page" or "screen" && (name ?? url) is { } viewed)
        {
            return $"Viewed {viewed}";
        }
        return name is not null ? name + Via(a) : url is not null ? $"Viewed {url}" : "Telemetry event" + Via(a);
    }

    private static string? IdentityCallText(string segmentCall) => segmentCall switch
    {
        "identify" => "Identified",
        "alias" => "Linked an earlier anonymous id",
        "group" => "Joined a group",
        _ => null,
    };

    /// <summary>"Merged contact #2357 into this one by admin@site — Merged by hand.": which contact, who, why.</summary>
    private static string MergeText(Payload payload)
    {
        var merged = payload.Number("mergedContactId") is { } id ? $"contact #{id}" : "another contact";
        var by = payload.Text("by") is { } actor ? $" by {actor}" : "";
        var reason = payload.Text("reason") is { } r ? $" — {r}" : "";
        return $"Merged {merged} into this one{by}{reason}";
    }

    /// <summary>On the survivor: "Merge of #12 undone by …"; on the contact that came back: "Split off #7 again by …".</summary>
    private static string UnmergeText(ContactActivity a, Payload payload)
    {
        var by = payload.Text("by") is { } actor ? $" by {actor}" : "";
        return payload.Number("survivorId") is { } survivor && a.ContactId == survivor
            ? $"Merge undone{by}: contact #{payload.Number("restoredId")} is a contact of its own again"
            : $"Merge into contact #{payload.Number("survivorId")} undone{by}: this is a contact of its own again";
    }

    /// <summary>"Stage: Lead → Customer, by admin@site" (labels as they read when the stage was set).</summary>
    private static string StageText(Payload payload)
    {
        var from = payload.Text("fromLabel") ?? payload.Text("from");
        var to = payload.Text("toLabel") ?? payload.Text("to");
        var change = (from, to) switch
        {
            (null, { } set) => $"Stage set to {set}",
            ({ } was, null) => $"Stage {was} cleared",
            _ => $"Stage: {from} → {to}",
        };
        return change + By(payload);
    }

    /// <summary>"Claimed by ana@site", "Released (owner was ana@site) by lee@site", "Reassigned from ana@site to lee@site by …".</summary>
    private static string OwnerText(Payload payload)
    {
        var (from, to, why) = (payload.Text("from"), payload.Text("to"), payload.Text("why"));
        var change = payload.Text("how") switch
        {
            "claimed" => from is null ? "Claimed" : $"Claimed (owner was {from})",
            "released" => from is null ? "Released" : $"Released (owner was {from})",
            _ => from is null ? $"Assigned to {to}" : $"Reassigned from {from} to {to}",
        };
        return change + (why is null ? By(payload) : $": {why}");
    }

    private static string By(Payload payload) => payload.Text("by") is { } actor ? $" by {actor}" : "";

    private static string Via(ContactActivity a) => string.IsNullOrWhiteSpace(a.Source) ? "" : $" via {a.Source}";

    /// <summary>A row's payload, parsed once: its top-level strings and whole numbers.</summary>
    private readonly struct Payload(JsonElement? root)
    {
        public static Payload Read(string? json)
        {
            if (json is null)
            {
                return default;
            }
            try
            {
                // Readable: a row stored before such text was refused may hold an escaped lone surrogate.
                var root = Comerix.Crm.Text.StorableJson.Readable(json);
                return new Payload(root.ValueKind == JsonValueKind.Object ? root : null);
            }
            catch (JsonException)
            {
                return default;
            }
        }

        public string? Text(string property) =>
            root is { } r && r.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public long? Number(string property) =>
            root is { } r && r.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
    }
}

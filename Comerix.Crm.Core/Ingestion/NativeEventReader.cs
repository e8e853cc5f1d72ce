using System.Text.Json;
using Comerix.Crm.Identity;
using Comerix.Crm.Text;

namespace Comerix.Crm.Ingestion;

/// <summary>
/// Turns the body of <c>POST /api/crm/events</c> (one event, <c>{ "events": [...] }</c>, or a bare array) into
/// engine events, or into the list of what is wrong, each prefixed with the event's place in the batch.
/// </summary>
internal static class NativeEventReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <param name="validate">False reads the shape only (the rule editor's sample: its rules may still add the claims it lacks).</param>
    public static (List<CrmEvent> Events, List<string> Errors) Read(JsonElement root, int maxEvents, bool validate = true)
    {
        var errors = new List<string>();
        var elements = new List<JsonElement>();
        if (root.ValueKind == JsonValueKind.Array)
        {
            elements.AddRange(root.EnumerateArray());
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return ([], ["$.events must be an array of events"]);
            }
            foreach (var property in root.EnumerateObject().Where(p => p.Name != "events"))
            {
                errors.Add($"$.{property.Name} is not a field this endpoint knows (a batch is {{ \"events\": [...] }})");
            }
            elements.AddRange(list.EnumerateArray());
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            elements.Add(root);
        }
        else
        {
            return ([], ["the body must be an event object, { \"events\": [...] }, or an array of events"]);
        }
        if (elements.Count == 0)
        {
            return ([], ["the batch is empty; send at least one event"]);
        }
        if (elements.Count > maxEvents)
        {
            return ([], [$"a request carries at most {maxEvents} events; this one has {elements.Count}"]);
        }

        var events = new List<CrmEvent>(elements.Count);
        var single = elements.Count == 1 && root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("events", out _);
        for (var i = 0; i < elements.Count; i++)
        {
            var prefix = single ? "" : $"events[{i}]: ";
            var before = errors.Count;
            CrmEvent? evt;
            try
            {
                evt = ReadOne(elements[i], prefix, errors);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses to turn an escaped lone surrogate ("\ud800") into a string.
                errors.Add($"{prefix}a string holds an unpaired UTF-16 surrogate escape (invalid Unicode)");
                evt = null;
            }
            if (evt is not null && validate)
            {
                errors.AddRange(CrmEventValidator.Validate(evt).Select(e => prefix + e));
            }
            if (errors.Count == before && evt is not null)
            {
                events.Add(evt);
            }
        }
        return (events, errors);
    }

    private static CrmEvent? ReadOne(JsonElement element, string prefix, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{prefix}an event must be a JSON object");
            return null;
        }
        NativeEventJson json;
        try
        {
            json = element.Deserialize<NativeEventJson>(Options)!;
        }
        catch (JsonException ex)
        {
            errors.Add(prefix + JsonErrors.Describe(ex));
            return null;
        }
        var traits = ReadTraits(json.Traits, prefix, errors);
        var fields = ReadFields(json.Fields, prefix, errors);
        if (json.Payload is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
        {
            errors.Add($"{prefix}payload must be a JSON object");
        }
        if (json.Conversion is { } c && (c.Value is null || c.Currency is null))
        {
            errors.Add($"{prefix}conversion needs a value and a currency");
            return null;
        }
        if (json.Claims?.Any(claim => claim is null) == true)
        {
            errors.Add($"{prefix}claims must not contain null");
            return null;
        }
        return new CrmEvent
        {
            Id = json.Id ?? "",
            Type = json.Type ?? "",
            Name = json.Name,
            OccurredAt = json.OccurredAt ?? default,
            Source = json.Source,
            Claims = (json.Claims ?? []).Select(claim => new IdentityClaim(claim!.Type ?? "", claim.Value!, claim.Verified)).ToList(),
            Traits = traits,
            Fields = fields,
            PayloadJson = PayloadWithName(json.Payload, json.Name),
            Record = json.Record is { } r ? new SourceRecordRef(r.Kind ?? "", r.Id ?? "") : null,
            Conversion = json.Conversion is { } conversion ? new ConversionValue(conversion.Value!.Value, conversion.Currency!) : null,
        };
    }

    /// <summary>Contact field values as text, as a person would type them: booleans as yes/no, arrays as several choices.</summary>
    private static Dictionary<string, IReadOnlyList<string>>? ReadFields(Dictionary<string, JsonElement>? fields, string prefix, List<string> errors)
    {
        if (fields is null)
        {
            return null;
        }
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    result[key] = [value.GetString()!];
                    break;
                case JsonValueKind.Number:
                    result[key] = [value.GetRawText()];
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    result[key] = [value.ValueKind == JsonValueKind.True ? "yes" : "no"];
                    break;
                case JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                    result[key] = value.EnumerateArray().Select(v => v.GetString()!).ToList();
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    errors.Add($"{prefix}fields.{key} must be a string, number, boolean or an array of strings");
                    break;
            }
        }
        return result;
    }

    internal static Dictionary<string, string>? ReadTraits(Dictionary<string, JsonElement>? traits, string prefix, List<string> errors)
    {
        if (traits is null)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in traits)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    result[key] = value.GetString()!;
                    break;
                case JsonValueKind.Number:
                    result[key] = value.GetRawText();
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    result[key] = value.ValueKind == JsonValueKind.True ? "true" : "false";
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    errors.Add($"{prefix}traits.{key} must be a string, number or boolean");
                    break;
            }
        }
        return result;
    }

    /// <summary>
    /// The payload as sent. The event's name ("clicked_buy_button", "Order Completed") is not a column of its own, so
    /// it is kept in the payload as "event" (as Segment's track calls arrive), unless the payload already has one:
    /// a timeline row can then say what happened.
    /// </summary>
    private static string? PayloadWithName(JsonElement? payload, string? name)
    {
        var raw = payload is { ValueKind: JsonValueKind.Object } p ? p.GetRawText() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return raw;
        }
        var json = raw is null ? new System.Text.Json.Nodes.JsonObject() : System.Text.Json.Nodes.JsonNode.Parse(raw)!.AsObject();
        if (json.ContainsKey("event"))
        {
            return raw;
        }
        json["event"] = name;
        return json.ToJsonString();
    }
}

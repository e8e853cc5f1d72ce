using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Api.Segment;

/// <summary>
/// Maps Segment Spec messages (identify, track, page, screen, alias, group) onto engine events:
/// <list type="bullet">
/// <item><c>userId</c> → customer_id (verified); <c>anonymousId</c> → visitor_id.</item>
/// <item>From a browser key, nothing is verified: anyone can type a userId or an email into a browser's console
/// (DESIGN: browser claims are never verified).</item>
/// <item>The person's <c>traits.email</c> / <c>traits.phone</c> (identify's traits, else <c>context.traits</c>) →
/// identifiers, verified when the message also carries a userId (the sender knows who its user is); the other
/// traits → traits (<c>firstName</c>/<c>lastName</c> → first_name/last_name, <c>company.name</c> → company).</item>
/// <item><c>alias</c> ties <c>previousId</c> (as a visitor id) to <c>userId</c>; <c>group</c> sets the company.</item>
/// <item>track "Order Completed" is a conversion (revenue, else total, else value; currency, else USD as Segment assumes).</item>
/// <item><c>messageId</c> is the event id (the idempotency key); a message without one gets an id hashed from its content.</item>
/// <item>occurred-at = receivedAt − (sentAt − timestamp) when both are sent (Segment's clock-skew correction), else timestamp, else receivedAt.</item>
/// </list>
/// Unknown fields are ignored, as Segment does; fields this mapping reads must have the right type.
/// </summary>
internal static class SegmentMessageReader
{
    public static IReadOnlyList<string> Types { get; } = ["identify", "track", "page", "screen", "alias", "group"];

    public const string OrderCompleted = "Order Completed";

    /// <param name="impliedType">The type the endpoint stands for (/v1/track); null for /v1/batch, where each message names its own.</param>
    /// <param name="fromBrowser">Sent with a browser key: every claim stays unverified.</param>
    public static CrmEvent? Read(JsonElement message, string? impliedType, DateTimeOffset? batchSentAt, DateTimeOffset receivedAt, string prefix,
        List<string> errors, bool fromBrowser = false)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{prefix}a message must be a JSON object");
            return null;
        }
        var before = errors.Count;
        var reader = new MessageFields(message, prefix, errors);
        var type = reader.String("type") ?? impliedType;
        if (type is null || !Types.Contains(type))
        {
            errors.Add($"{prefix}type must be one of {string.Join(", ", Types)}");
            return null;
        }
        if (impliedType is not null && type != impliedType)
        {
            errors.Add($"{prefix}type '{type}' was sent to /v1/{impliedType}");
            return null;
        }

        var userId = reader.Id("userId");
        var anonymousId = reader.Id("anonymousId");
        var traits = reader.Object("traits");
        var context = reader.Object("context");
        var properties = reader.Object("properties");
        var occurredAt = OccurredAt(reader, batchSentAt, receivedAt);
        var contextTraits = context is { } c && c.TryGetProperty("traits", out var t) && t.ValueKind == JsonValueKind.Object ? t : (JsonElement?)null;
        // RudderStack's browser SDK sends identify's traits only in context.traits; Segment's libraries put them at the top.
        var personTraits = type == "identify" ? traits ?? contextTraits : contextTraits;

        var claims = new List<IdentityClaim>();
        if (userId is not null)
        {
            claims.Add(new IdentityClaim(IdentifierTypes.CustomerId, userId, Verified: !fromBrowser));
        }
        if (anonymousId is not null)
        {
            claims.Add(new IdentityClaim(IdentifierTypes.VisitorId, anonymousId));
        }
        var eventTraits = ReadPersonTraits(personTraits, userId is not null && !fromBrowser, claims);
        string? name = type;
        ConversionValue? conversion = null;
        var eventType = ActivityTypes.Telemetry;
        if (type != "alias" && userId is null && anonymousId is null)
        {
            errors.Add($"{prefix}{type} needs a userId or an anonymousId");
            return null;
        }
        switch (type)
        {
            case "track":
                name = reader.String("event");
                if (string.IsNullOrWhiteSpace(name))
                {
                    errors.Add($"{prefix}track needs an event name");
                    return null;
                }
                if (name == OrderCompleted)
                {
                    eventType = ActivityTypes.Conversion;
                    conversion = OrderValue(properties);
                }
                break;
            case "page" or "screen":
                name = reader.String("name") ?? type;
                break;
            case "alias":
                var previousId = reader.Id("previousId");
                if (previousId is null || userId is null)
                {
                    errors.Add($"{prefix}alias needs a previousId and a userId");
                    return null;
                }
                claims.Add(new IdentityClaim(IdentifierTypes.VisitorId, previousId, Verified: !fromBrowser));
                break;
            case "group":
                var groupId = reader.Id("groupId");
                if (groupId is null)
                {
                    errors.Add($"{prefix}group needs a groupId");
                    return null;
                }
                eventTraits ??= [];
                eventTraits["company"] = traits is { } g && g.TryGetProperty("name", out var groupName) && groupName.ValueKind == JsonValueKind.String
                    ? groupName.GetString()! : groupId;
                break;
        }
        if (errors.Count > before)
        {
            return null;
        }
        var evt = new CrmEvent
        {
            Id = reader.String("messageId") ?? ContentId(message),
            Type = eventType,
            Name = name,
            OccurredAt = occurredAt,
            Claims = claims,
            Traits = eventTraits,
            Conversion = conversion,
            PayloadJson = Payload(type, name, properties, context),
        };
        var invalid = CrmEventValidator.Validate(evt);
        errors.AddRange(invalid.Select(e => prefix + e));
        return invalid.Count == 0 ? evt : null;
    }

    private static Dictionary<string, string>? ReadPersonTraits(JsonElement? traits, bool verified, List<IdentityClaim> claims)
    {
        if (traits is not { } element)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var value = Scalar(property.Value);
            switch (property.Name)
            {
                case "email" when value is not null:
                    claims.Add(new IdentityClaim(IdentifierTypes.Email, value, verified));
                    break;
                case "phone" when value is not null:
                    claims.Add(new IdentityClaim(IdentifierTypes.Phone, value, verified));
                    break;
                case "firstName":
                    Set(result, "first_name", value);
                    break;
                case "lastName":
                    Set(result, "last_name", value);
                    break;
                case "company" when property.Value.ValueKind == JsonValueKind.Object:
                    Set(result, "company", property.Value.TryGetProperty("name", out var companyName) ? Scalar(companyName) : null);
                    break;
                default:
                    Set(result, property.Name, value);
                    break;
            }
        }
        return result.Count == 0 ? null : result;
    }

    private static void Set(Dictionary<string, string> traits, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            traits[key] = value;
        }
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static ConversionValue? OrderValue(JsonElement? properties)
    {
        if (properties is not { } p)
        {
            return null;
        }
        foreach (var field in new[] { "revenue", "total", "value" })
        {
            if (p.TryGetProperty(field, out var amount) && amount.ValueKind == JsonValueKind.Number && amount.TryGetDecimal(out var value))
            {
                var currency = p.TryGetProperty("currency", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString()! : "USD";
                // Lenient, as Segment is: a currency that is not a code keeps the event but not its value, rather than
                // refusing the whole batch (which a Segment client would drop without retrying).
                return Matching.Rules.IdentityRuleValidator.IsCurrency(currency) && Math.Abs(value) <= 1_000_000_000_000m
                    ? new ConversionValue(value, currency.ToUpperInvariant())
                    : null;
            }
        }
        return null;
    }

    private static DateTimeOffset OccurredAt(MessageFields reader, DateTimeOffset? batchSentAt, DateTimeOffset receivedAt)
    {
        var timestamp = reader.Time("timestamp") ?? reader.Time("originalTimestamp");
        var sentAt = reader.Time("sentAt") ?? batchSentAt;
        if (timestamp is { } t && sentAt is { } s)
        {
            return receivedAt - (s - t);
        }
        return timestamp ?? receivedAt;
    }

    private static string Payload(string type, string? name, JsonElement? properties, JsonElement? context)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("segment", type);
            if (name is not null && name != type)
            {
                writer.WriteString("event", name);
            }
            if (properties is { } p)
            {
                writer.WritePropertyName("properties");
                p.WriteTo(writer);
            }
            if (context is { } c && c.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Object
                && page.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
            {
                writer.WriteString("url", url.GetString());
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A message without a messageId still needs an idempotency key: the same message sent twice gets the same one.</summary>
    private static string ContentId(JsonElement message) =>
        "segment:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.GetRawText())))[..32];

    /// <summary>Reads message fields, recording a clear error for each one with the wrong type.</summary>
    private sealed class MessageFields(JsonElement message, string prefix, List<string> errors)
    {
        public string? String(string name)
        {
            if (!message.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{prefix}{name} must be a string");
                return null;
            }
            return value.GetString();
        }

        /// <summary>Segment ids may be strings or numbers; empty strings are no id.</summary>
        public string? Id(string name)
        {
            if (!message.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                errors.Add($"{prefix}{name} must be a string or a number");
                return null;
            }
            var id = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : value.GetRawText();
            return id.Length == 0 ? null : id;
        }

        public JsonElement? Object(string name)
        {
            if (!message.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{prefix}{name} must be an object");
                return null;
            }
            return value;
        }

        public DateTimeOffset? Time(string name)
        {
            var text = String(name);
            if (text is null)
            {
                return null;
            }
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                errors.Add($"{prefix}{name} must be an ISO 8601 date-time");
                return null;
            }
            return time;
        }
    }
}

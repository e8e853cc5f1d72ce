using System.Text;
using System.Text.Json.Nodes;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// Random and mutated ingestion payloads: valid events and Segment messages with a field replaced, removed or
/// added, a wrong type, text cut short, bytes flipped, or plain garbage. Deterministic for a seed.
/// </summary>
internal sealed class PayloadFuzzer(int seed)
{
    private readonly Random _random = new(seed);

    public (string Path, string Body) Next(int n) => _random.Next(3) switch
    {
        0 => ("api/crm/events", Mutate(NativeEvent(n))),
        1 => ("api/crm/events", Mutate(new JsonObject { ["events"] = new JsonArray(NativeEvent(n), NativeEvent(n + 1_000_000)) })),
        _ => Segment(n),
    };

    private (string, string) Segment(int n)
    {
        var type = new[] { "identify", "track", "page", "screen", "alias", "group" }[_random.Next(6)];
        var message = new JsonObject
        {
            ["messageId"] = $"fuzz-seg-{n}",
            ["userId"] = $"fuzz-user-{_random.Next(50)}",
            ["anonymousId"] = $"fuzz-anon-{_random.Next(50)}",
            ["event"] = "Clicked",
            ["previousId"] = $"fuzz-anon-{_random.Next(50)}",
            ["groupId"] = "g-1",
            ["traits"] = new JsonObject { ["email"] = $"fuzz{_random.Next(50)}@fuzz.test", ["name"] = "Fuzz" },
            ["properties"] = new JsonObject { ["revenue"] = 10 },
            ["timestamp"] = "2026-11-20T10:00:00Z",
        };
        return _random.Next(2) == 0
            ? ($"v1/{type}", Mutate(message))
            : ("v1/batch", Mutate(new JsonObject { ["batch"] = new JsonArray(WithType(message, type)), ["sentAt"] = "2026-11-20T10:00:01Z" }));
    }

    private static JsonObject WithType(JsonObject message, string type)
    {
        message["type"] = type;
        return message;
    }

    private JsonObject NativeEvent(int n) => new()
    {
        ["id"] = $"fuzz-{n}",
        ["type"] = new[] { "form", "conversation", "conversion", "telemetry", "newsletter.signup" }[_random.Next(5)],
        ["occurredAt"] = "2026-11-20T10:00:00Z",
        ["claims"] = new JsonArray(
            new JsonObject { ["type"] = "email", ["value"] = $"fuzz{_random.Next(50)}@fuzz.test", ["verified"] = _random.Next(2) == 0 },
            new JsonObject { ["type"] = "visitor_id", ["value"] = $"fuzz-v-{n}" }),
        ["traits"] = new JsonObject { ["name"] = "Fuzz Person" },
        ["payload"] = new JsonObject { ["email"] = $"fuzz{_random.Next(50)}@fuzz.test", ["total"] = 12.5 },
    };

    private string Mutate(JsonNode node)
    {
        var kind = _random.Next(10);
        if (kind == 0)
        {
            return node.ToJsonString();
        }
        if (kind <= 5)
        {
            for (var i = 0; i <= _random.Next(3); i++)
            {
                MutateTree(node);
            }
            return node.ToJsonString();
        }
        var text = node.ToJsonString();
        return kind switch
        {
            6 => text[.._random.Next(text.Length)],
            7 => FlipBytes(text),
            8 => RandomText(),
            _ => "[" + text + "," + text + "]",
        };
    }

    private void MutateTree(JsonNode node)
    {
        var objects = Descendants(node).OfType<JsonObject>().ToList();
        var target = objects[_random.Next(objects.Count)];
        var keys = target.Select(p => p.Key).ToList();
        switch (_random.Next(4))
        {
            case 0 when keys.Count > 0:
                target.Remove(keys[_random.Next(keys.Count)]);
                break;
            case 1 when keys.Count > 0:
                target[keys[_random.Next(keys.Count)]] = RandomValue();
                break;
            default:
                target[RandomKey()] = RandomValue();
                break;
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private JsonNode? RandomValue() => _random.Next(12) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next()),
        2 => JsonValue.Create(-1e300),
        3 => JsonValue.Create(""),
        4 => JsonValue.Create(new string('x', _random.Next(1, 5000))),
        5 => JsonValue.Create("undefined"),
        6 => new JsonArray(1, "two", null),
        7 => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = new JsonArray(new JsonObject()) } },
        8 => JsonValue.Create(true),
        9 => JsonValue.Create("💥\u0000\uFFFF' OR 1=1 --\uD800"),
        10 => JsonValue.Create("2026-13-45T99:99:99Z"),
        _ => JsonValue.Create(decimal.MaxValue),
    };

    private string RandomKey() => new[] { "id", "type", "claims", "value", "verified", "events", "batch", "payload", "traits", "conversion", "currency", "userId", "x-" + _random.Next(100) }[_random.Next(13)];

    private string FlipBytes(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < 1 + _random.Next(5); i++)
        {
            chars[_random.Next(chars.Length)] = (char)_random.Next(32, 127);
        }
        return new string(chars);
    }

    private string RandomText()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _random.Next(1, 300); i++)
        {
            builder.Append((char)_random.Next(1, 0x2FF));
        }
        return builder.ToString();
    }
}

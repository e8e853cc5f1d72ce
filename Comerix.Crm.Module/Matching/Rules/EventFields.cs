using System.Globalization;
using System.Text.Json;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// The fields a rule can read from an event: <c>traits.x</c> reads a trait, any other path reads into the
/// payload object (<c>email</c>, <c>customer.email</c>, <c>items.0.sku</c>). Strings are trimmed; numbers and
/// booleans read as their JSON text; objects, arrays and nulls are no value.
/// </summary>
internal sealed class EventFields : IDisposable
{
    private const string TraitsPrefix = "traits.";

    private readonly CrmEvent _event;
    private JsonDocument? _payload;
    private bool _parsed;

    public EventFields(CrmEvent evt) => _event = evt;

    /// <summary>Parsed on first use: most events match no rule that reads their payload.</summary>
    private JsonDocument? Payload
    {
        get
        {
            if (!_parsed && _event.PayloadJson is not null)
            {
                try
                {
                    _payload = JsonDocument.Parse(_event.PayloadJson);
                }
                catch (JsonException)
                {
                    // The validator rejects such an event anyway; a rule simply finds no payload fields.
                }
            }
            _parsed = true;
            return _payload;
        }
    }

    public string? Get(string path)
    {
        if (path.StartsWith(TraitsPrefix, StringComparison.Ordinal) && _event.Traits is { } traits
            && traits.TryGetValue(path[TraitsPrefix.Length..], out var trait))
        {
            return Clean(trait);
        }
        if (Payload is not { } payload)
        {
            return null;
        }
        var element = payload.RootElement;
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return null;
            }
        }
        return element.ValueKind switch
        {
            // An escaped lone surrogate cannot become a string: no value, rather than a failed event.
            JsonValueKind.String => element.ValueEquals("") ? null : TryGetString(element),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    private static string? TryGetString(JsonElement element)
    {
        try
        {
            return Clean(element.GetString());
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void Dispose() => _payload?.Dispose();
}

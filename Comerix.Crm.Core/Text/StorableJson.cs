using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Comerix.Crm.Text;

/// <summary>
/// JSON as it comes in (a request body, a rule's sample event, a recipe) and as stored text goes out. A JSON escape
/// may spell text no database can keep: <c>"\u0000"</c>, or <c>"\ud800"</c> (half of a pair). System.Text.Json
/// parses both without complaint and fails only later, when the string is read, so a document is checked whole
/// here, once, and refused with the path of the first such string.
/// </summary>
internal static class StorableJson
{
    private static readonly JsonDocumentOptions DefaultOptions = new() { MaxDepth = 32 };

    /// <summary>Parses UTF-8 JSON; the document, or what is wrong with it (syntax, or a string it holds and where).</summary>
    public static (JsonDocument? Document, StorableJsonProblem? Problem) Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions? options = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, options ?? DefaultOptions);
        }
        catch (JsonException ex)
        {
            return (null, new StorableJsonProblem(Syntax: true, JsonErrors.Describe(ex), ex));
        }
        // Raw NUL or surrogate bytes are not JSON (the parser refused them); only a \u escape can spell one.
        return utf8.Span.IndexOf("\\u"u8) < 0 ? (document, null) : Checked(document);
    }

    /// <summary>Parses JSON text (a sample typed into a page, a recipe file); as <see cref="Parse(ReadOnlyMemory{byte}, JsonDocumentOptions?)"/>.</summary>
    public static (JsonDocument? Document, StorableJsonProblem? Problem) Parse(string json, JsonDocumentOptions? options = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, options ?? DefaultOptions);
        }
        catch (JsonException ex)
        {
            return (null, new StorableJsonProblem(Syntax: true, JsonErrors.Describe(ex), ex));
        }
        return json.Contains("\\u", StringComparison.Ordinal) ? Checked(document) : (document, null);
    }

    private static (JsonDocument? Document, StorableJsonProblem? Problem) Checked(JsonDocument document)
    {
        if (Problem(document.RootElement, "$") is { } problem)
        {
            document.Dispose();
            return (null, new StorableJsonProblem(Syntax: false, problem, null));
        }
        return (document, null);
    }

    /// <summary>The first string or field name a database cannot store, named by its path ("$.payload.note …"); null when none.</summary>
    public static string? Problem(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryDecode(property, out var name))
                    {
                        return $"{path} has a field name that {LoneSurrogate}";
                    }
                    if (StorableText.Problem(name) is { } nameProblem)
                    {
                        return $"{path} has a field name that {nameProblem}";
                    }
                    if (Problem(property.Value, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Problem(item, $"{path}[{i++}]") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonValueKind.String:
                if (!TryDecode(element, out var text))
                {
                    return $"{path} {LoneSurrogate}";
                }
                return StorableText.Problem(text) is { } problem ? $"{path} {problem}" : null;
            default:
                return null;
        }
    }

    private const string LoneSurrogate = "contains an unpaired UTF-16 surrogate escape such as \\ud800 (invalid Unicode)";

    /// <summary>
    /// Stored JSON made safe to hand out: a string holding an escaped lone surrogate (rows written before such text
    /// was refused) is read with U+FFFD in its place instead of failing the whole page or API answer.
    /// </summary>
    public static JsonElement Readable(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (Problem(document.RootElement) is null)
        {
            return document.RootElement.Clone();
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, document.RootElement);
        }
        using var safe = JsonDocument.Parse(buffer.ToArray());
        return safe.RootElement.Clone();
    }

    /// <summary>Stored JSON text made safe to parse and show; see <see cref="Readable(string)"/>.</summary>
    public static string ReadableText(string json) => Readable(json).GetRawText();

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(TryDecode(property, out var name) ? name : Lenient(RawName(property)));
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(TryDecode(element, out var text) ? text : Lenient(element.GetRawText()));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static bool TryDecode(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to turn an escaped lone surrogate into a string.
            text = "";
            return false;
        }
    }

    private static bool TryDecode(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    /// <summary>A property's name as written in the document, quotes included (its raw text starts with it).</summary>
    private static string RawName(JsonProperty property)
    {
        var raw = property.ToString();
        var end = 1;
        while (end < raw.Length && raw[end] != '"')
        {
            end += raw[end] == '\\' ? 2 : 1;
        }
        return raw[..Math.Min(end + 1, raw.Length)];
    }

    /// <summary>Decodes a quoted JSON string literal, putting U+FFFD where an escape spells half a surrogate pair.</summary>
    private static string Lenient(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            var e = quoted[++i];
            text.Append(e switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' => (char)int.Parse(quoted.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                _ => e,
            });
            if (e == 'u')
            {
                i += 4;
            }
        }
        // Pairs stay pairs; every half left alone becomes the replacement character.
        var result = text.ToString().ToCharArray();
        for (var i = 0; i < result.Length; i++)
        {
            if (char.IsHighSurrogate(result[i]) && i + 1 < result.Length && char.IsLowSurrogate(result[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(result[i]))
            {
                result[i] = '\uFFFD';
            }
        }
        return new string(result);
    }
}

/// <param name="Syntax">True when the text is not JSON at all; false when a string in it cannot be stored (named by its path).</param>
/// <param name="Exception">The parser's exception for a syntax problem (it knows the line and position).</param>
internal sealed record StorableJsonProblem(bool Syntax, string Detail, JsonException? Exception);

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Comerix.Crm.Data.Sql;

/// <summary>Rows for one JSON statement: an array of arrays, bound as a single parameter.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "The writer writes into an ArrayBufferWriter it does not own: it holds no pooled or unmanaged memory to give back.")]
internal sealed class JsonRowBuilder
{
    private readonly JsonRowSyntax _syntax;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public JsonRowBuilder(JsonRowSyntax syntax)
    {
        _syntax = syntax;
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartArray();
    }

    public int Count { get; private set; }

    public void AddRow(object?[] values)
    {
        _writer.WriteStartArray();
        foreach (var value in values)
        {
            switch (value)
            {
                case null: _writer.WriteNullValue(); break;
                case string text: _writer.WriteStringValue(text); break;
                case long number: _writer.WriteNumberValue(number); break;
                case bool flag: _writer.WriteBooleanValue(flag); break;
                case DateTime time: _writer.WriteStringValue(_syntax.FormatTimestamp(time)); break;
                // Money travels as text so no binary floating point ever touches it.
                case decimal money: _writer.WriteStringValue(money.ToString(CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"Unsupported column value type {value.GetType()}.");
            }
        }
        _writer.WriteEndArray();
        Count++;
    }

    public string ToJson()
    {
        _writer.WriteEndArray();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}

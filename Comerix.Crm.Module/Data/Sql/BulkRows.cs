using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Rows for one bulk statement, written as a JSON array of arrays and bound as a single parameter. The
/// database unpacks it (json_each / jsonb_array_elements), so a batch's rows cost one statement instead of one
/// round trip and one set of parameter bindings each.
/// </summary>
internal sealed class BulkRows(SqlDialect dialect)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Utf8JsonWriter? _writer;

    public int Count { get; private set; }

    public BulkRows Row()
    {
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer);
            _writer.WriteStartArray();
        }
        else
        {
            _writer.WriteEndArray();
        }
        _writer.WriteStartArray();
        Count++;
        return this;
    }

    public BulkRows Add(string? value)
    {
        if (value is null)
        {
            _writer!.WriteNullValue();
        }
        else
        {
            _writer!.WriteStringValue(value);
        }
        return this;
    }

    public BulkRows Add(long? value)
    {
        if (value is { } v)
        {
            _writer!.WriteNumberValue(v);
        }
        else
        {
            _writer!.WriteNullValue();
        }
        return this;
    }

    public BulkRows Add(bool value)
    {
        _writer!.WriteBooleanValue(value);
        return this;
    }

    public BulkRows Add(DateTime value) => Add(dialect.FormatTimestamp(value));

    /// <summary>Money travels as text so no binary floating point ever touches it.</summary>
    public BulkRows Add(decimal? value) => Add(value?.ToString(CultureInfo.InvariantCulture));

    public string ToJson()
    {
        _writer!.WriteEndArray();
        _writer.WriteEndArray();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}

using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// A prepared SQLite statement bound by number, for the rows a commit writes (parameters named @p0, @p1, …). Microsoft.Data.Sqlite looks every
/// parameter up by name on every execution; at hundreds of rows per commit that lookup was a fifth of ingestion.
/// Values are written in the same text forms Microsoft.Data.Sqlite (and so EF Core) writes and reads:
/// <see cref="DateTime"/> as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, <see cref="decimal"/> as invariant text,
/// <see cref="bool"/> as 0/1. <c>RawSqliteStatementTests</c> holds the two to the same bytes.
/// </summary>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    /// <summary>The SQLite index of @p0, @p1, …: named once here, bound by number for every row.</summary>
    private readonly int[] _indexes;
    private byte[] _utf8 = new byte[1024];

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _indexes = new int[raw.sqlite3_bind_parameter_count(_statement)];
        for (var i = 0; i < _indexes.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, "@p" + i);
        }
    }

    public void Execute(object?[] values)
    {
        if (values.Length != _indexes.Length)
        {
            throw new ArgumentException($"The statement takes {_indexes.Length} values, not {values.Length}.");
        }
        for (var i = 0; i < values.Length; i++)
        {
            Check(Bind(_indexes[i], values[i]));
        }
        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
        if (step != raw.SQLITE_DONE && step != raw.SQLITE_ROW)
        {
            // Same exception type and code as Microsoft.Data.Sqlite, so conflicts are recognised and retried.
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), step, raw.sqlite3_extended_errcode(_db));
        }
    }

    private int Bind(int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, index),
        string text => BindText(index, text),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
        DateTime time => BindFormatted(index, time, DateTimeFormat),
        decimal amount => BindFormatted(index, amount, DecimalFormat),
        _ => throw new NotSupportedException($"Cannot bind a {value.GetType().Name} to a raw SQLite statement."),
    };

    private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
    private const string DecimalFormat = "0.0###########################";

    /// <summary>
    /// Text is encoded into one reused buffer rather than a new UTF-8 array per value (SQLitePCL's string overload
    /// allocates one; that was a tenth of ingestion). Safe to reuse: the span overload binds with SQLITE_TRANSIENT,
    /// so SQLite copies the bytes before this returns.
    /// </summary>
    private int BindText(int index, string text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(Encoding.UTF8.GetByteCount(text), _utf8.Length)];
        }
        var length = Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, length));
    }

    /// <summary>Formats straight into UTF-8 bytes; 64 hold any timestamp or decimal in these formats.</summary>
    private int BindFormatted<T>(int index, T value, string format) where T : IUtf8SpanFormattable
    {
        Span<byte> buffer = stackalloc byte[64];
        if (!value.TryFormat(buffer, out var length, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value} does not fit the raw binding's buffer.");
        }
        return raw.sqlite3_bind_text(_statement, index, buffer[..length]);
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result, raw.sqlite3_extended_errcode(_db));
        }
    }

    public void Dispose() => _statement.Dispose();
}

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Writes one table's rows at commit, the way the dialect does it fastest: collected into a single JSON
/// statement, or one prepared statement executed per row. Callers describe a row once, as values in order.
/// </summary>
internal sealed class RowWriter(SqlSession session, SqlDialect dialect, string tenantId, string bulkSql, string rowSql)
{
    private readonly BulkRows? _json = dialect.WritesRowsAsJson ? new BulkRows(dialect) : null;
    private readonly List<object?[]> _rows = [];

    public int Count => _json?.Count ?? _rows.Count;

    public void Add(params object?[] values)
    {
        if (_json is null)
        {
            _rows.Add([tenantId, .. values]);
            return;
        }
        _json.Row();
        foreach (var value in values)
        {
            switch (value)
            {
                case null: _json.Add((string?)null); break;
                case string text: _json.Add(text); break;
                case long number: _json.Add(number); break;
                case bool flag: _json.Add(flag); break;
                case DateTime time: _json.Add(time); break;
                case decimal money: _json.Add(money); break;
                default: throw new ArgumentException($"Unsupported bulk value type {value.GetType()}.");
            }
        }
    }

    public async ValueTask FlushAsync()
    {
        if (Count == 0)
        {
            return;
        }
        if (_json is not null)
        {
            await session.ExecuteAsync(bulkSql, tenantId, _json.ToJson());
            return;
        }
        foreach (var row in _rows)
        {
            await session.ExecuteAsync(rowSql, row);
        }
    }
}

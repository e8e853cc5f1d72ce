namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Writes one table's rows at commit, the way the dialect does it fastest: as a single JSON statement where the
/// dialect has a <see cref="JsonRowSyntax"/>, else one prepared statement executed per row. Callers give each
/// row's values in column order.
/// </summary>
internal sealed class RowWriter(SqlSession session, string tenantId, CommitStatements.Statement statement)
{
    private readonly JsonRowBuilder? _json = statement.JsonSql is null ? null : new JsonRowBuilder(statement.Syntax!);
    private readonly List<object?[]> _rows = [];

    public void Add(params object?[] values)
    {
        if (_json is null)
        {
            _rows.Add([tenantId, .. values]);
        }
        else
        {
            _json.AddRow(values);
        }
    }

    /// <summary>
    /// Writes the rows now; or, given <paramref name="batch"/> and where they make one JSON statement, adds that statement
    /// to it, for the caller to send with others in one round trip (<see cref="SqlSession.ExecuteBatchAsync"/>).
    /// </summary>
    public async ValueTask FlushAsync(List<(string Sql, object?[] Args)>? batch = null)
    {
        if (_json is not null)
        {
            if (_json.Count == 0)
            {
                return;
            }
            if (batch is null)
            {
                await session.ExecuteAsync(statement.JsonSql!, tenantId, _json.ToJson());
            }
            else
            {
                batch.Add((statement.JsonSql!, [tenantId, _json.ToJson()]));
            }
            return;
        }
        await session.ExecuteRowsAsync(statement.RowSql, _rows);
    }
}

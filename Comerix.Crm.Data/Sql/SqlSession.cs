using System.Data.Common;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// A connection and its transaction, with one command object per SQL text so each statement is prepared once
/// per unit of work and re-bound for every event (the ingestion hot path runs a handful of them per event).
/// Parameters are positional: <c>@p0</c>, <c>@p1</c>, ...
/// </summary>
/// <param name="ownsConnection">False when borrowing EF Core's connection and transaction (see <see cref="CrmEventTransaction"/>): disposing leaves them open.</param>
/// <param name="cancellationToken">
/// The caller's: every statement of the session runs with it, so a request given up stops its transaction's SQL (which
/// then rolls back). Commit is the owner's call and does not take it: a commit is never abandoned half-way by us.
/// </param>
internal sealed class SqlSession(DbConnection connection, DbTransaction transaction, bool ownsConnection = true, CancellationToken cancellationToken = default)
    : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteRawStatement> _rawStatements = new(StringComparer.Ordinal);

    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;

    public async ValueTask<int> ExecuteAsync(string sql, params object?[] args) =>
        await Bind(sql, args).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>
    /// Runs a row-writing statement (no result) for each row. On SQLite it binds by position through the raw API
    /// (see <see cref="SqliteRawStatement"/>); elsewhere it executes the command once per row.
    /// </summary>
    public async ValueTask ExecuteRowsAsync(string sql, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0)
        {
            // Most commits leave a table or two untouched (links, full contact rewrites): no statement to prepare.
            return;
        }
        if (Connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            if (!_rawStatements.TryGetValue(sql, out var statement))
            {
                statement = new SqliteRawStatement(sqlite, sql);
                _rawStatements[sql] = statement;
            }
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                statement.Execute(row);
            }
            return;
        }
        foreach (var row in rows)
        {
            await ExecuteAsync(sql, row);
        }
    }

    /// <summary>
    /// Runs statements (no results) in order and answers how many rows each affected. Where the provider batches
    /// (Npgsql), they travel in one round trip; elsewhere (SQLite, in process) one after the other.
    /// </summary>
    public async ValueTask<int[]> ExecuteBatchAsync(IReadOnlyList<(string Sql, object?[] Args)> statements)
    {
        var affected = new int[statements.Count];
        if (!Connection.CanCreateBatch)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                affected[i] = await ExecuteAsync(statements[i].Sql, statements[i].Args);
            }
            return affected;
        }
        await using var batch = Connection.CreateBatch();
        batch.Transaction = Transaction;
        foreach (var (sql, args) in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            for (var i = 0; i < args.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                parameter.Value = args[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        for (var i = 0; i < statements.Count; i++)
        {
            affected[i] = batch.BatchCommands[i].RecordsAffected;
        }
        return affected;
    }

    public async ValueTask<object?> ScalarAsync(string sql, params object?[] args)
    {
        var value = await Bind(sql, args).ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    public async ValueTask<DbDataReader> ReaderAsync(string sql, params object?[] args) =>
        await Bind(sql, args).ExecuteReaderAsync(cancellationToken);

    private DbCommand Bind(string sql, object?[] args)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            for (var i = 0; i < args.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                command.Parameters.Add(parameter);
            }
            _commands[sql] = command;
        }
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = args[i] ?? DBNull.Value;
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
        foreach (var statement in _rawStatements.Values)
        {
            statement.Dispose();
        }
        if (ownsConnection)
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}

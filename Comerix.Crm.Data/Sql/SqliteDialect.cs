using System.Text.Json;
using Comerix.Crm.Resolution;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// SQLite: one writer at a time for the whole file. Every unit of work starts with BEGIN IMMEDIATE, so it holds
/// the write lock from its first read and no other process can interleave: reads are never stale.
/// </summary>
internal sealed class SqliteDialect(string connectionString, ILogger? logger = null) : SqlDialect
{
    private readonly SqliteBackgroundCheckpointer _checkpointer = new(connectionString, logger);

    public override bool LocksRows => false;

    // Lists travel as one JSON array parameter, unpacked by SQLite's json_each: one statement per batch.
    public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object ListArgument<T>(IReadOnlyCollection<T> values) => JsonSerializer.Serialize(values);

    // CROSS JOIN fixes the loop order in SQLite: walk the keys, probe the primary key. Left to itself the planner
    // may scan the tenant's identifiers instead.
    public override string SelectIdentifiersByKeysSql =>
        "SELECT i.type, i.value, i.contact_id, i.verified FROM json_each(@p1) AS k CROSS JOIN crm_identifiers AS i " +
        "WHERE i.tenant_id = @p0 AND i.type = k.value ->> 0 AND i.value = k.value ->> 1";

    public override object[] KeyArguments(string tenantId, IReadOnlyList<(string Type, string Value)> keys) =>
        [tenantId, JsonSerializer.Serialize(keys.Select(k => new[] { k.Type, k.Value }))];

    public override string LockRowSuffix => "";

    public override async Task<SqlSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        SqliteConnectionSetup.Apply(connection);
        var transaction = connection.BeginTransaction(deferred: false);
        return new SqlSession(connection, transaction, cancellationToken: cancellationToken);
    }

    // The WAL is copied into the file off the writer's thread: see SqliteBackgroundCheckpointer.
    public override void AfterCommit() => _checkpointer.RequestCheckpoint();

    public override void Dispose()
    {
        _checkpointer.Dispose();
        base.Dispose();
    }

    public override IIdAllocator CreateIdAllocator(SqlSession session, string tenantId) => new CounterTableIdAllocator(session, tenantId);

    public override bool IsConflict(Exception exception) => exception switch
    {
        ConcurrentChangeException => true,
        // BUSY / LOCKED: another process held the file longer than the busy timeout.
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        _ => false,
    };
}

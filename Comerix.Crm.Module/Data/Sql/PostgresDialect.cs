using Comerix.Crm.Identity.Resolution;
using Npgsql;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// PostgreSQL: READ COMMITTED with explicit row locks. A unit of work locks every contact it changes
/// (SELECT … FOR UPDATE) and re-checks that it is still live; unique indexes settle two writers creating the
/// same identifier or event. Whoever loses (unique violation, foreign-key miss after a concurrent merge,
/// deadlock) rolls back and runs again.
/// </summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    private static readonly HashSet<string> ConflictStates =
    [
        PostgresErrorCodes.UniqueViolation,
        PostgresErrorCodes.ForeignKeyViolation,
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
    ];

    public override string ProviderName => CrmDatabaseProviders.Postgres;

    public override bool LocksRows => true;

    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object ListArgument<T>(IReadOnlyCollection<T> values) => values.ToArray();

    public override string SelectIdentifiersByKeysSql =>
        "SELECT i.type, i.value, i.contact_id, i.verified FROM unnest(@p1::text[], @p2::text[]) AS k(type, value) " +
        "JOIN crm_identifiers AS i ON i.tenant_id = @p0 AND i.type = k.type AND i.value = k.value";

    public override object[] KeyArguments(string tenantId, IReadOnlyList<(string Type, string Value)> keys) =>
        [tenantId, keys.Select(k => k.Type).ToArray(), keys.Select(k => k.Value).ToArray()];

    public override string LockRowSuffix => " FOR UPDATE";

    public override async Task<SqlSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        return new SqlSession(connection, transaction);
    }

    public override bool WritesRowsAsJson => true;

    public override string JsonRows(string parameter) => $"jsonb_array_elements({parameter}::jsonb) AS v(value)";

    public override string JsonField(int index, BulkType type) => type switch
    {
        BulkType.BigInt => $"(v.value ->> {index})::bigint",
        BulkType.Boolean => $"(v.value ->> {index})::boolean",
        BulkType.Timestamp => $"(v.value ->> {index})::timestamptz",
        BulkType.Numeric => $"(v.value ->> {index})::numeric",
        _ => $"v.value ->> {index}",
    };

    public override string FormatTimestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public override IIdAllocator CreateIdAllocator(SqlSession session, string tenantId) => new SequenceIdAllocator(session);

    public override bool IsConflict(Exception exception) => exception switch
    {
        ConcurrentChangeException => true,
        PostgresException pg => ConflictStates.Contains(pg.SqlState),
        _ => false,
    };
}

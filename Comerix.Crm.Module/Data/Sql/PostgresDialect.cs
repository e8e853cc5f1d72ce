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

    public override bool PrefetchesBatches => true;

    public override string LockRowSuffix => " FOR UPDATE";

    public override async Task<SqlSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        return new SqlSession(connection, transaction);
    }

    public override IIdAllocator CreateIdAllocator(SqlSession session, string tenantId) => new SequenceIdAllocator(session);

    public override bool IsConflict(Exception exception) => exception switch
    {
        ConcurrentChangeException => true,
        PostgresException pg => ConflictStates.Contains(pg.SqlState),
        _ => false,
    };
}

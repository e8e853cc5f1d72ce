using Comerix.Crm.Identity.Resolution;
using Microsoft.Data.Sqlite;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// SQLite: one writer at a time for the whole file. Every unit of work starts with BEGIN IMMEDIATE, so it holds
/// the write lock from its first read and no other process can interleave: reads are never stale.
/// </summary>
internal sealed class SqliteDialect(string connectionString) : SqlDialect
{
    public override string ProviderName => CrmDatabaseProviders.Sqlite;

    public override bool PrefetchesBatches => false;

    public override string LockRowSuffix => "";

    public override async Task<SqlSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        SqliteConnectionSetup.Apply(connection);
        var transaction = connection.BeginTransaction(deferred: false);
        return new SqlSession(connection, transaction);
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

using Comerix.Crm.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// For changes made through EF Core rather than the engine (a tag, a do-not-contact mark, an import's end): runs the
/// change and writes its notifications to the outbox in one transaction on the context's connection, then raises
/// them after the commit, as the engine's units of work do.
/// </summary>
internal sealed class CrmEventTransaction
{
    private readonly CrmDatabase _database;
    private readonly CrmEventOutbox _outbox;

    internal CrmEventTransaction(CrmDatabase database, CrmEventOutbox outbox)
    {
        _database = database;
        _outbox = outbox;
    }

    /// <param name="change">Makes the change (SaveChanges, ExecuteDelete…) and answers its result and what it raised.</param>
    public Task<T> RunAsync<T>(CrmDbContext db, string tenantId,
        Func<Task<(T Result, IReadOnlyList<CrmNotification> Raised)>> change, CancellationToken cancellationToken) =>
        // An allocator no one asks costs nothing: SQLite's reads its counter on the first id, PostgreSQL's on the first block.
        RunNumberingAsync(db, tenantId, _ => change(), cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}"/>, the change also given the tenant's id allocator, for rows it numbers itself (the
    /// timeline rows of a stage or owner change); the outbox numbers its deliveries from the same one, which writes its
    /// counters back before the commit.
    /// </summary>
    public async Task<T> RunNumberingAsync<T>(CrmDbContext db, string tenantId,
        Func<IIdAllocator, Task<(T Result, IReadOnlyList<CrmNotification> Raised)>> change, CancellationToken cancellationToken)
    {
        CrmEventOutbox.Written written;
        T result;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await using (var session = new SqlSession(db.Database.GetDbConnection(), transaction.GetDbTransaction(), ownsConnection: false, cancellationToken))
            {
                var ids = _database.Dialect.CreateIdAllocator(session, tenantId);
                (result, var raised) = await change(ids);
                written = raised.Count > 0 ? await _outbox.WriteAsync(session, _database.Dialect, ids, tenantId, raised) : CrmEventOutbox.Written.None;
                await ids.FlushAsync();
            }
            await transaction.CommitAsync(cancellationToken);
        }
        await _outbox.AfterCommitAsync(written);
        return result;
    }

    /// <summary>Queues one delivery to one endpoint (the admin's "Send test event"), numbered like every other.</summary>
    public async Task EnqueueAsync(CrmDbContext db, string tenantId, string endpointId, string eventType, string payloadJson, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using (var session = new SqlSession(db.Database.GetDbConnection(), transaction.GetDbTransaction(), ownsConnection: false, cancellationToken))
        {
            var ids = _database.Dialect.CreateIdAllocator(session, tenantId);
            await _outbox.EnqueueAsync(session, await ids.NextAsync(IdSequence.WebhookDelivery), tenantId, endpointId, eventType, payloadJson);
            await ids.FlushAsync();
        }
        await transaction.CommitAsync(cancellationToken);
    }
}

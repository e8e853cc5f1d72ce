using System.Data.Common;

namespace Comerix.Crm.Data.Sql;

/// <summary>What differs between the providers on the engine's hot path. Everything else is shared SQL.</summary>
internal abstract class SqlDialect
{
    public abstract string ProviderName { get; }

    /// <summary>Opens a connection and starts a transaction that serialises conflicting writers.</summary>
    public abstract Task<SqlSession> OpenSessionAsync(CancellationToken cancellationToken);

    /// <summary>Appended to the SELECT that loads a contact the unit of work is about to change.</summary>
    public abstract string LockRowSuffix { get; }

    /// <summary>
    /// True when a unit of work should read a whole batch's identifiers up front and lock their contacts in id
    /// order (PostgreSQL: fewer round trips, and no lock-order deadlocks between concurrent batches). SQLite
    /// holds the single write lock anyway and answers each indexed lookup in microseconds.
    /// </summary>
    public abstract bool PrefetchesBatches { get; }

    public abstract IIdAllocator CreateIdAllocator(SqlSession session, string tenantId);

    public abstract bool IsConflict(Exception exception);
}

/// <summary>Hands out ids for new rows. Ids are unique per tenant and never reused, even after an erasure.</summary>
internal interface IIdAllocator
{
    ValueTask<long> NextAsync(IdSequence sequence);

    /// <summary>Persists what was handed out, inside the unit of work's transaction, before it commits.</summary>
    ValueTask FlushAsync();
}

internal enum IdSequence
{
    Contact,
    Activity,
    Review,
}

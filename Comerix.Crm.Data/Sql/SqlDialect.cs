namespace Comerix.Crm.Data.Sql;

/// <summary>What differs between the providers on the engine's hot path. Everything else is shared SQL.</summary>
internal abstract class SqlDialect : IDisposable
{
    private CommitStatements? _commitStatements;

    /// <summary>The statements a commit writes with, in this dialect, built once.</summary>
    public CommitStatements CommitStatements => _commitStatements ??= new CommitStatements(JsonRows);

    /// <summary>Opens a connection and starts a transaction that serialises conflicting writers.</summary>
    public abstract Task<SqlSession> OpenSessionAsync(CancellationToken cancellationToken);

    /// <summary>Appended to the SELECT that loads a contact the unit of work is about to change.</summary>
    public abstract string LockRowSuffix { get; }

    /// <summary>
    /// True when rows must be locked to keep concurrent writers apart (PostgreSQL). Then a batch's contacts are
    /// locked in id order up front, so two batches can never wait on each other in opposite orders. SQLite holds
    /// the single write lock for the whole transaction and needs none of this.
    /// </summary>
    public abstract bool LocksRows { get; }

    /// <summary>A condition matching <paramref name="column"/> against the list bound by <see cref="ListArgument"/>.</summary>
    public abstract string InList(string column, string parameter);

    public abstract object ListArgument<T>(IReadOnlyCollection<T> values);

    /// <summary>SELECT type, value, contact_id, verified for the (type, value) keys bound by <see cref="KeyArguments"/>.</summary>
    public abstract string SelectIdentifiersByKeysSql { get; }

    /// <summary>
    /// SELECT contact_id, type, n: how many identifiers of each type (n of them per row, added up by the reader) the
    /// contacts in the list bound to @p1 hold in state @p2, for tenant @p0. With it, the counts of every contact a batch
    /// loads are read with them in one statement (PostgreSQL: a round trip per contact costs more than counting contacts
    /// the batch never asks about). Null where a query is an in-process call (SQLite): the counts a batch asks for, about
    /// a third of the contacts it loads, are read one contact at a time when asked (measured faster there).
    /// </summary>
    public virtual string? SelectIdentifierTypesOfContactsSql => null;

    /// <summary>
    /// Flags verified, in one statement, the identifiers whose keys <see cref="KeyArguments"/> binds; null where
    /// one prepared statement per key is faster (SQLite, in process).
    /// </summary>
    public virtual string? MarkIdentifiersVerifiedSql => null;

    public abstract object[] KeyArguments(string tenantId, IReadOnlyList<(string Type, string Value)> keys);

    /// <summary>
    /// How this dialect unpacks a table's rows sent as one JSON statement, or null to write prepared rows one by
    /// one. PostgreSQL: one round trip instead of hundreds. SQLite runs in-process, where prepared per-row
    /// statements measured faster than unpacking JSON (each ->> re-reads the row's text).
    /// </summary>
    public virtual JsonRowSyntax? JsonRows => null;

    /// <summary>Called after a unit of work committed.</summary>
    public virtual void AfterCommit()
    {
    }

    /// <summary>Stops what the dialect runs in the background.</summary>
    public virtual void Dispose()
    {
    }

    public abstract IIdAllocator CreateIdAllocator(SqlSession session, string tenantId);

    public abstract bool IsConflict(Exception exception);
}

/// <summary>Hands out ids for new rows. Ids are unique per tenant and never reused, even after an erasure.</summary>
internal interface IIdAllocator
{
    ValueTask<long> NextAsync(IdSequence sequence);

    /// <summary>
    /// Announces that up to <paramref name="count"/> ids of <paramref name="sequence"/> may be asked for (an upper
    /// bound, not a promise): an allocator that fetches ids from the database fetches that many at once.
    /// </summary>
    void Reserve(IdSequence sequence, int count);

    /// <summary>Persists what was handed out, inside the unit of work's transaction, before it commits.</summary>
    ValueTask FlushAsync();
}

internal enum IdSequence
{
    Contact,
    Activity,
    Review,
    WebhookDelivery,
}

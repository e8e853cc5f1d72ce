using System.Data.Common;

namespace Comerix.Crm.Data.Sql;

/// <summary>What differs between the providers on the engine's hot path. Everything else is shared SQL.</summary>
internal abstract class SqlDialect
{
    private BulkStatements? _bulk;

    /// <summary>The commit's bulk statements in this dialect, built once.</summary>
    public BulkStatements Bulk => _bulk ??= new BulkStatements(this);

    public abstract string ProviderName { get; }

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

    public abstract object[] KeyArguments(string tenantId, IReadOnlyList<(string Type, string Value)> keys);

    /// <summary>
    /// True when a commit should send each table's rows as one JSON statement (PostgreSQL: one round trip instead
    /// of hundreds). SQLite runs in-process, where prepared per-row statements measured faster than unpacking
    /// JSON (each ->> re-reads the row's text).
    /// </summary>
    public abstract bool WritesRowsAsJson { get; }

    /// <summary>FROM-clause source of the rows bound as JSON to <paramref name="parameter"/>, aliased <c>v</c>.</summary>
    public abstract string JsonRows(string parameter);

    /// <summary>Column <paramref name="index"/> of a JSON row, as a value of <paramref name="type"/>.</summary>
    public abstract string JsonField(int index, BulkType type);

    /// <summary>An UPDATE of <paramref name="table"/> from the JSON rows bound to @p1 (aliased <c>v</c>).</summary>
    public virtual string BulkUpdate(string table, string assignments, string match) =>
        $"UPDATE {table} SET {assignments} FROM {JsonRows("@p1")} WHERE {match}";

    /// <summary>A timestamp as the provider stores it, for JSON rows.</summary>
    public abstract string FormatTimestamp(DateTime utc);

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

internal enum BulkType
{
    Text,
    BigInt,
    Boolean,
    Timestamp,
    Numeric,
}

internal enum IdSequence
{
    Contact,
    Activity,
    Review,
}

using Comerix.Crm.Identity.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>The identity graph in a relational database, through plain SQL (measured: EF Core change tracking is too slow for ingestion).</summary>
internal sealed class SqlIdentityStore(SqlDialect dialect, TimeProvider time) : IIdentityStore
{
    public async Task<IIdentityUnitOfWork> BeginAsync(string tenantId, CancellationToken cancellationToken)
    {
        var session = await dialect.OpenSessionAsync(cancellationToken);
        return new SqlIdentityUnitOfWork(session, dialect, tenantId, time);
    }

    public bool IsConflict(Exception exception) => dialect.IsConflict(exception);
}

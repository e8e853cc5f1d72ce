using Comerix.Crm.Resolution;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// The identity graph in a relational database, through plain SQL (measured: EF Core change tracking is too slow for
/// ingestion). Serves both ports: resolution units of work for the engine, admin ones for the module's own writes.
/// </summary>
/// <param name="signer">Chains the audit entries; without one (benchmarks, some tests) a key for this process only.</param>
/// <param name="outbox">Where each commit's notifications go (webhook outbox, in-process handlers); none in benchmarks and some tests.</param>
internal sealed class SqlIdentityStore(SqlDialect dialect, TimeProvider time, Audit.AuditSigner? signer = null, CrmEventOutbox? outbox = null)
    : IIdentityStore, IAdminStore
{
    private readonly Audit.AuditSigner _signer = signer ?? Audit.AuditSigner.Ephemeral();

    async Task<IIdentityUnitOfWork> IUnitOfWorkSource<IIdentityUnitOfWork>.BeginAsync(string tenantId, CancellationToken cancellationToken) =>
        await BeginAsync(tenantId, cancellationToken);

    async Task<IAdminUnitOfWork> IUnitOfWorkSource<IAdminUnitOfWork>.BeginAsync(string tenantId, CancellationToken cancellationToken) =>
        await BeginAsync(tenantId, cancellationToken);

    /// <summary>The unit of work, whose statements all run with <paramref name="cancellationToken"/> (its commit does not).</summary>
    public async Task<SqlIdentityUnitOfWork> BeginAsync(string tenantId, CancellationToken cancellationToken)
    {
        var session = await dialect.OpenSessionAsync(cancellationToken);
        return new SqlIdentityUnitOfWork(session, dialect, tenantId, time, _signer, outbox);
    }

    public bool IsConflict(Exception exception) => dialect.IsConflict(exception);
}

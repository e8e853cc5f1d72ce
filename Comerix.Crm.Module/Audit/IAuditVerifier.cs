namespace Comerix.Crm.Audit;

/// <summary>Checks a tenant's chained audit log end to end (SiteHost's <c>audit verify</c>), optionally against a checkpoint kept elsewhere.</summary>
public interface IAuditVerifier
{
    Task<AuditVerification> VerifyAsync(string tenantId, AuditCheckpoint? checkpoint = null, CancellationToken cancellationToken = default);
}

namespace Comerix.Crm.Tenancy;

/// <summary>Which tenant the current call belongs to. A host with tenants replaces the default.</summary>
public interface ICrmTenantAccessor
{
    string CurrentTenantId { get; }
}

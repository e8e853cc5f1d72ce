namespace Comerix.Crm.Tenancy;

/// <summary>The tenant a host without tenant resolution of its own runs as: <see cref="CrmOptions.DefaultTenant"/>.</summary>
internal sealed class DefaultTenantAccessor(CrmOptions options) : ICrmTenantAccessor
{
    public string CurrentTenantId => options.DefaultTenant;
}

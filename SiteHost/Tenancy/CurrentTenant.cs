using Comerix.Crm.Tenancy;

namespace Comerix.SiteHost.Tenancy;

/// <summary>
/// The tenant of the current request or command (scoped). The middleware sets it from the URL; command-line
/// runs set it from <c>--tenant</c>. The CRM module reads it through <see cref="ICrmTenantAccessor"/>.
/// </summary>
public sealed class CurrentTenant : ICrmTenantAccessor
{
    private SiteTenant? _tenant;

    public SiteTenant Tenant => _tenant ?? throw new InvalidOperationException("No tenant has been resolved for this scope.");

    public string Name => _tenant?.Name ?? SiteTenant.DefaultName;

    public string CurrentTenantId => Name;

    public void Set(SiteTenant tenant) => _tenant = tenant;
}

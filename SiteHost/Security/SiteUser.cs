using Microsoft.AspNetCore.Identity;

namespace Comerix.SiteHost.Security;

/// <summary>A person who signs in to one tenant's admin. The same email may exist in two tenants as two users.</summary>
public sealed class SiteUser : IdentityUser
{
    public string TenantId { get; set; } = "";
}

public sealed class SiteRole : IdentityRole
{
    public string TenantId { get; set; } = "";
}

/// <summary>One grant: members of the role hold the permission (and whatever it implies) in that tenant.</summary>
public sealed class RolePermission
{
    public required string TenantId { get; set; }
    public required string RoleName { get; set; }
    public required string Permission { get; set; }
}

using Microsoft.AspNetCore.Authorization;

namespace Comerix.Crm.Security;

/// <summary>Met when one of the user's roles is granted the permission or one that implies it.</summary>
public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;
}

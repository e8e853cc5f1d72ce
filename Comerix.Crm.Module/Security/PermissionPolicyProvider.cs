using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Comerix.Crm.Security;

/// <summary>
/// Every declared permission name is also a policy name, so pages say <c>[Authorize(Policy = CrmPermissions.ViewName)]</c>
/// and the check runs in the endpoint's authorization, where it cannot be skipped.
/// </summary>
internal sealed class PermissionPolicyProvider : DefaultAuthorizationPolicyProvider
{
    private readonly Dictionary<string, AuthorizationPolicy> _policies;

    public PermissionPolicyProvider(IOptions<AuthorizationOptions> options, IEnumerable<IPermissionProvider> providers)
        : base(options)
    {
        _policies = providers
            .SelectMany(p => p.GetPermissions())
            .ToDictionary(
                p => p.Name,
                p => new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(p)).Build(),
                StringComparer.Ordinal);
    }

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName) =>
        _policies.TryGetValue(policyName, out var policy) ? policy : await base.GetPolicyAsync(policyName);
}

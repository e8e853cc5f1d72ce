namespace Comerix.SiteHost.Data;

/// <summary>The site's state kept in memory, by its name in <c>crm_state_versions</c> (see <c>StateVersionTriggers</c>).</summary>
public static class SiteStates
{
    /// <summary>The tenant list and each tenant's features: one version for the whole site.</summary>
    public const string Tenants = "site-tenants";

    /// <summary>A tenant's role → permission grants.</summary>
    public const string RoleGrants = "role-grants";
}

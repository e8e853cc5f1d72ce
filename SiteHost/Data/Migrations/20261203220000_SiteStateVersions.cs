using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.SiteHost.Data.Migrations;

/// <summary>
/// Tenants and role grants are kept in memory by every server; a change to either, by anyone, bumps its version in
/// the CRM's <c>crm_state_versions</c> (migrated before the site's tables), so the other servers reload it.
/// </summary>
[DbContext(typeof(SiteDbContext))]
[Migration("20261203220000_SiteStateVersions")]
public sealed class SiteStateVersions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        StateVersionTriggers.Create(migrationBuilder, "site_tenants", SiteStates.Tenants, tenantColumn: null);
        StateVersionTriggers.Create(migrationBuilder, "site_role_permissions", SiteStates.RoleGrants, "tenant_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        StateVersionTriggers.Drop(migrationBuilder, "site_role_permissions");
        StateVersionTriggers.Drop(migrationBuilder, "site_tenants");
    }
}

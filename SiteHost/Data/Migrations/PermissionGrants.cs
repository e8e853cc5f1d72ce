using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.SiteHost.Data.Migrations;

/// <summary>For a migration that introduces a permission: which existing roles get it at the upgrade.</summary>
internal static class PermissionGrants
{
    /// <summary>Grants <paramref name="permission"/> to every role of every tenant that holds <paramref name="held"/> (once).</summary>
    public static void GiveToRolesHolding(MigrationBuilder migrationBuilder, string permission, string held) =>
        migrationBuilder.Sql($"""
            INSERT INTO site_role_permissions (tenant_id, role_name, permission)
            SELECT m.tenant_id, m.role_name, '{permission}' FROM site_role_permissions m
            WHERE m.permission = '{held}'
              AND NOT EXISTS (SELECT 1 FROM site_role_permissions e
                              WHERE e.tenant_id = m.tenant_id AND e.role_name = m.role_name AND e.permission = '{permission}')
            """);

    public static void RevokeFromEveryRole(MigrationBuilder migrationBuilder, string permission) =>
        migrationBuilder.Sql($"DELETE FROM site_role_permissions WHERE permission = '{permission}'");
}

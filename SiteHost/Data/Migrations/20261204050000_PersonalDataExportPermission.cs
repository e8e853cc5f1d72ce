using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.SiteHost.Data.Migrations;

/// <summary>
/// Downloading one person's data became a permission (comerix.crm.pii.export). A tenant set up before gets it for
/// the roles that may already erase a person (comerix.crm.pii.delete: its Administrators by default), who answer
/// privacy requests; no other role gains it.
/// </summary>
[DbContext(typeof(SiteDbContext))]
[Migration("20261204050000_PersonalDataExportPermission")]
public sealed class PersonalDataExportPermission : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            INSERT INTO site_role_permissions (tenant_id, role_name, permission)
            SELECT m.tenant_id, m.role_name, 'comerix.crm.pii.export' FROM site_role_permissions m
            WHERE m.permission = 'comerix.crm.pii.delete'
              AND NOT EXISTS (SELECT 1 FROM site_role_permissions e
                              WHERE e.tenant_id = m.tenant_id AND e.role_name = m.role_name AND e.permission = 'comerix.crm.pii.export')
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DELETE FROM site_role_permissions WHERE permission = 'comerix.crm.pii.export'");
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.SiteHost.Data.Migrations;

/// <summary>
/// CSV export became its own permission (comerix.crm.export); before, every role that could view could export. A
/// tenant set up before keeps export for the roles that manage (its Administrators and Managers by default), so
/// nobody who should export loses it at the upgrade; Viewers lose it, which is the point.
/// </summary>
[DbContext(typeof(SiteDbContext))]
[Migration("20261203000000_ExportPermission")]
public sealed class ExportPermission : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            INSERT INTO site_role_permissions (tenant_id, role_name, permission)
            SELECT m.tenant_id, m.role_name, 'comerix.crm.export' FROM site_role_permissions m
            WHERE m.permission = 'comerix.crm.manage'
              AND NOT EXISTS (SELECT 1 FROM site_role_permissions e
                              WHERE e.tenant_id = m.tenant_id AND e.role_name = m.role_name AND e.permission = 'comerix.crm.export')
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DELETE FROM site_role_permissions WHERE permission = 'comerix.crm.export'");
}

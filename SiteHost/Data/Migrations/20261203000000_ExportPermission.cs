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
    protected override void Up(MigrationBuilder migrationBuilder) =>
        PermissionGrants.GiveToRolesHolding(migrationBuilder, "comerix.crm.export", held: "comerix.crm.manage");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        PermissionGrants.RevokeFromEveryRole(migrationBuilder, "comerix.crm.export");
}

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
    protected override void Up(MigrationBuilder migrationBuilder) =>
        PermissionGrants.GiveToRolesHolding(migrationBuilder, "comerix.crm.pii.export", held: "comerix.crm.pii.delete");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        PermissionGrants.RevokeFromEveryRole(migrationBuilder, "comerix.crm.pii.export");
}

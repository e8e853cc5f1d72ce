using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>Named sets of the Contacts list's filters, shared by the team.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261201200000_SavedViews")]
internal sealed class SavedViews : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "crm_saved_views",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                key = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                audience = table.Column<string>(nullable: false),
                source = table.Column<string>(nullable: true),
                tag = table.Column<string>(nullable: true),
                seen = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                created_by = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_saved_views", x => new { x.tenant_id, x.key }));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("crm_saved_views");
}

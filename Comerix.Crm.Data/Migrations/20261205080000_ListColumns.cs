using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>The Contacts list's columns each site user chose (issue 19).</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205080000_ListColumns")]
internal sealed class ListColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "crm_list_columns",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                user_name = table.Column<string>(nullable: false),
                columns_json = table.Column<string>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_list_columns", x => new { x.tenant_id, x.user_name }));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("crm_list_columns");
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>The opt-in suppression list (keyed hashes of a forgotten person's identifiers) and the request's opt-in.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261122190000_Suppressions")]
internal sealed class Suppressions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("suppress", "crm_erasure_requests", nullable: false, defaultValue: false);
        migrationBuilder.CreateTable(
            name: "crm_suppressions",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                hash = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_suppressions", x => new { x.tenant_id, x.hash }));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("crm_suppressions");
        migrationBuilder.DropColumn("suppress", "crm_erasure_requests");
    }
}

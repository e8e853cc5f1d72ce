using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>Bulk actions' progress (issue 19): what the confirmation page shows while many contacts change.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205130000_BulkRuns")]
internal sealed class BulkRuns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "crm_bulk_runs",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<string>(nullable: false),
                action = table.Column<string>(nullable: false),
                total = table.Column<int>(nullable: false),
                done = table.Column<int>(nullable: false),
                state = table.Column<string>(nullable: false),
                message = table.Column<string>(nullable: true),
                started_by = table.Column<string>(nullable: false),
                started_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_bulk_runs", x => new { x.tenant_id, x.id }));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("crm_bulk_runs");
}

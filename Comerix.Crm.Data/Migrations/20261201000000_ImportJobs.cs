using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>CSV imports: the uploaded file until it has run, the column mapping, progress and the rows that failed.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261201000000_ImportJobs")]
internal sealed class ImportJobs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_import_jobs",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<string>(nullable: false),
                file_name = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                content = table.Column<string>(nullable: true),
                header_json = table.Column<string>(nullable: false),
                mapping_json = table.Column<string>(nullable: false),
                total_rows = table.Column<int>(nullable: false),
                processed = table.Column<int>(nullable: false),
                created = table.Column<int>(nullable: false),
                attached = table.Column<int>(nullable: false),
                merged = table.Column<int>(nullable: false),
                queued_for_review = table.Column<int>(nullable: false),
                already_imported = table.Column<int>(nullable: false),
                failed = table.Column<int>(nullable: false),
                errors_json = table.Column<string>(nullable: false),
                created_by = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                started_at = table.Column<DateTime>(nullable: true),
                finished_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_crm_import_jobs", x => new { x.tenant_id, x.id }));
        migrationBuilder.CreateIndex("ix_crm_import_jobs_status", "crm_import_jobs", ["tenant_id", "status"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("crm_import_jobs");
}

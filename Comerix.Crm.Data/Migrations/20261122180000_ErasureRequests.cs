using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>Delete &amp; forget requests, kept until every personal-data eraser has run (see ErasureRequest).</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261122180000_ErasureRequests")]
internal sealed class ErasureRequests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_erasure_requests",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: false),
                status = table.Column<string>(nullable: false),
                requested_by = table.Column<string>(nullable: false),
                requested_at = table.Column<DateTime>(nullable: false),
                completed_at = table.Column<DateTime>(nullable: true),
                attempts = table.Column<int>(nullable: false),
                erasers_done = table.Column<string>(nullable: false),
                counts_json = table.Column<string>(nullable: false),
                last_error = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_crm_erasure_requests", x => new { x.tenant_id, x.contact_id }));
        migrationBuilder.CreateIndex("ix_crm_erasure_requests_status", "crm_erasure_requests", ["tenant_id", "status"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("crm_erasure_requests");
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>One-time data steps that ran per tenant (<see cref="DataStep"/>); the first is the phone re-key to libphonenumber.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261204050000_DataSteps")]
internal sealed class DataSteps : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_data_steps",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                step = table.Column<string>(nullable: false),
                completed_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_data_steps", x => new { x.tenant_id, x.step }));
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("crm_data_steps");
}

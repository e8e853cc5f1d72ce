using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Several site processes on one database: the data-protection key ring in the database, so a sign-in cookie (and a
/// webhook secret) protected by one process is read by the others; and the processes serving the site, each saying
/// every few seconds that it is alive, so each enforces its share of the API's rate limits. Both tables are the
/// site's, not a tenant's.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205020000_SeveralSiteProcesses")]
internal sealed class SeveralSiteProcesses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_data_protection_keys",
            columns: table => new
            {
                name = table.Column<string>(nullable: false),
                element = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_data_protection_keys", x => x.name));
        migrationBuilder.CreateTable(
            name: "crm_site_processes",
            columns: table => new
            {
                process_id = table.Column<string>(nullable: false),
                machine = table.Column<string>(nullable: false),
                started_at = table.Column<DateTime>(nullable: false),
                seen_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_site_processes", x => x.process_id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("crm_site_processes");
        migrationBuilder.DropTable("crm_data_protection_keys");
    }
}

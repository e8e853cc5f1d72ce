using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>"Do not contact" per contact, with its reason; saved views gain the list's matching filter.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261201210000_DoNotContact")]
internal sealed class DoNotContact : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_do_not_contact",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: false),
                reason = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                created_by = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_do_not_contact", x => new { x.tenant_id, x.contact_id });
                table.ForeignKey("fk_crm_do_not_contact_contact", x => new { x.tenant_id, x.contact_id },
                    "crm_contacts", ["tenant_id", "id"], onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.AddColumn<string>(name: "contactable", table: "crm_saved_views", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "contactable", table: "crm_saved_views");
        migrationBuilder.DropTable("crm_do_not_contact");
    }
}

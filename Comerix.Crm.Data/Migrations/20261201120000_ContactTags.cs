using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>Tags the site's team puts on contacts; the second index serves the list's tag filter.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261201120000_ContactTags")]
internal sealed class ContactTags : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_contact_tags",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: false),
                key = table.Column<string>(nullable: false),
                label = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                created_by = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_contact_tags", x => new { x.tenant_id, x.contact_id, x.key });
                table.ForeignKey("fk_crm_contact_tags_contact", x => new { x.tenant_id, x.contact_id },
                    "crm_contacts", ["tenant_id", "id"], onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_crm_contact_tags_key", "crm_contact_tags", ["tenant_id", "key", "contact_id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("crm_contact_tags");
}

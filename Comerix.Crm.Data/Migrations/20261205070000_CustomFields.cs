using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>The team's own contact fields and each contact's values of them (issue 19).</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205070000_CustomFields")]
internal sealed class CustomFields : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_custom_fields",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                key = table.Column<string>(nullable: false),
                label = table.Column<string>(nullable: false),
                type = table.Column<string>(nullable: false),
                help_text = table.Column<string>(nullable: true),
                options_json = table.Column<string>(nullable: true),
                position = table.Column<int>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                created_by = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_custom_fields", x => new { x.tenant_id, x.key }));
        migrationBuilder.CreateTable(
            name: "crm_contact_field_values",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: false),
                field_key = table.Column<string>(nullable: false),
                value = table.Column<string>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                updated_by = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_contact_field_values", x => new { x.tenant_id, x.contact_id, x.field_key });
                table.ForeignKey("fk_crm_contact_field_values_contact", x => new { x.tenant_id, x.contact_id },
                    "crm_contacts", ["tenant_id", "id"], onDelete: ReferentialAction.Restrict);
                table.ForeignKey("fk_crm_contact_field_values_field", x => new { x.tenant_id, x.field_key },
                    "crm_custom_fields", ["tenant_id", "key"], onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_crm_contact_field_values_field", "crm_contact_field_values", ["tenant_id", "field_key", "value"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("crm_contact_field_values");
        migrationBuilder.DropTable("crm_custom_fields");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>Potential duplicates (issue 20): the pairs the finder proposes, and which traits help it.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261206100000_DuplicateSuggestions")]
internal sealed class DuplicateSuggestions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_duplicate_suggestions",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                contact_low_id = table.Column<long>(nullable: false),
                contact_high_id = table.Column<long>(nullable: false),
                score = table.Column<double>(nullable: false),
                reasons_json = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                found_at = table.Column<DateTime>(nullable: false),
                decided_at = table.Column<DateTime>(nullable: true),
                decided_by = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_crm_duplicate_suggestions", x => new { x.tenant_id, x.contact_low_id, x.contact_high_id }));
        migrationBuilder.CreateIndex("ix_crm_duplicate_suggestions_status", "crm_duplicate_suggestions", ["tenant_id", "status", "score"]);
        migrationBuilder.CreateIndex("ix_crm_duplicate_suggestions_high", "crm_duplicate_suggestions", ["tenant_id", "contact_high_id"]);
        migrationBuilder.CreateTable(
            name: "crm_duplicate_settings",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                trait_keys = table.Column<string>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                updated_by = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_duplicate_settings", x => x.tenant_id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("crm_duplicate_settings");
        migrationBuilder.DropTable("crm_duplicate_suggestions");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Undoing a merge (issue 20): each merge's record and the rows it moved; and what each event claimed, hashed, so the
/// events that reached the survivor since can be resolved again against the two contacts.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261206090000_MergeHistory")]
internal sealed class MergeHistory : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("claim_keys", "crm_activities", nullable: true);
        migrationBuilder.CreateTable(
            name: "crm_merge_history",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<long>(nullable: false),
                survivor_id = table.Column<long>(nullable: false),
                merged_id = table.Column<long>(nullable: false),
                kind = table.Column<string>(nullable: false),
                actor = table.Column<string>(nullable: false),
                reason = table.Column<string>(nullable: false),
                evidence_event_id = table.Column<string>(nullable: true),
                merged_at = table.Column<DateTime>(nullable: false),
                survivor_before_json = table.Column<string>(nullable: true),
                survivor_stage_before = table.Column<string>(nullable: true),
                survivor_owner_before = table.Column<string>(nullable: true),
                state = table.Column<string>(nullable: false),
                undone_at = table.Column<DateTime>(nullable: true),
                undone_by = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_crm_merge_history", x => new { x.tenant_id, x.id }));
        migrationBuilder.CreateIndex("ix_crm_merge_history_survivor", "crm_merge_history", ["tenant_id", "survivor_id", "merged_at"]);
        migrationBuilder.CreateIndex("ix_crm_merge_history_merged", "crm_merge_history", ["tenant_id", "merged_id"]);
        migrationBuilder.CreateTable(
            name: "crm_merge_history_rows",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                merge_id = table.Column<long>(nullable: false),
                kind = table.Column<string>(nullable: false),
                ref_id = table.Column<long>(nullable: false),
                ref_key = table.Column<string>(nullable: false),
                ref_value = table.Column<string>(nullable: false),
                ref_at = table.Column<DateTime>(nullable: true),
                ref_by = table.Column<string>(nullable: true),
                added_to_survivor = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_merge_history_rows", x => new { x.tenant_id, x.merge_id, x.kind, x.ref_id, x.ref_key, x.ref_value });
                table.ForeignKey("fk_crm_merge_history_rows_merge", x => new { x.tenant_id, x.merge_id }, "crm_merge_history",
                    ["tenant_id", "id"], onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("crm_merge_history_rows");
        migrationBuilder.DropTable("crm_merge_history");
        // SQLite has dropped columns since 3.35, but EF Core's SQLite generator refuses the operation: the statement itself.
        migrationBuilder.Sql("ALTER TABLE crm_activities DROP COLUMN claim_keys;");
    }
}

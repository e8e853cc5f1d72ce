using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Versions of the state servers keep in memory, bumped by triggers on the tables that hold it (identity rules,
/// suppressions; the host adds its own), so several servers on one database see each other's changes.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261203220000_StateVersions")]
internal sealed class StateVersions : Migration
{
    private bool IsSqlite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_state_versions",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                state = table.Column<string>(nullable: false),
                version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_state_versions", x => new { x.tenant_id, x.state }));
        // The counter every change takes its version from.
        migrationBuilder.Sql("INSERT INTO crm_state_versions (tenant_id, state, version) VALUES ('', '', 0);");
        if (!IsSqlite)
        {
            migrationBuilder.Sql(StateVersionTriggers.PostgresFunction);
        }
        StateVersionTriggers.Create(migrationBuilder, "crm_identity_rules", CrmStates.IdentityRules, "tenant_id");
        StateVersionTriggers.Create(migrationBuilder, "crm_suppressions", CrmStates.Suppressions, "tenant_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        StateVersionTriggers.Drop(migrationBuilder, "crm_suppressions");
        StateVersionTriggers.Drop(migrationBuilder, "crm_identity_rules");
        if (!IsSqlite)
        {
            migrationBuilder.Sql("DROP FUNCTION crm_state_changed();");
        }
        migrationBuilder.DropTable("crm_state_versions");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>Conditions on identity rules (issue 19): a rule runs only when they hold. Null for the rules there are.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205110000_RuleConditions")]
internal sealed class IdentityRuleConditions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("conditions_json", "crm_identity_rules", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // EF Core would rebuild the table for this; SQLite (3.35 and later) drops an unindexed column itself.
            migrationBuilder.Sql("ALTER TABLE crm_identity_rules DROP COLUMN conditions_json;");
            return;
        }
        migrationBuilder.DropColumn("conditions_json", "crm_identity_rules");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>API keys (hashed) for the HTTP APIs, and identity rules: the tenant's settings for events coming in.</summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261122140000_ApiKeysAndIdentityRules")]
internal sealed class ApiKeysAndIdentityRules : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_api_keys",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                secret_hash = table.Column<string>(nullable: false),
                scopes = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                created_by = table.Column<string>(nullable: false),
                last_used_at = table.Column<DateTime>(nullable: true),
                revoked_at = table.Column<DateTime>(nullable: true),
                revoked_by = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_crm_api_keys", x => new { x.tenant_id, x.id }));

        migrationBuilder.CreateTable(
            name: "crm_identity_rules",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<long>(nullable: false),
                name = table.Column<string>(nullable: false),
                position = table.Column<int>(nullable: false),
                enabled = table.Column<bool>(nullable: false),
                trigger = table.Column<string>(nullable: false),
                event_type = table.Column<string>(nullable: true),
                tasks_json = table.Column<string>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                updated_by = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_identity_rules", x => new { x.tenant_id, x.id }));
        migrationBuilder.CreateIndex("ux_crm_identity_rules_name", "crm_identity_rules", ["tenant_id", "name"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("crm_identity_rules");
        migrationBuilder.DropTable("crm_api_keys");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Browser keys: an API key's kind (server, the secret kind every existing key is; or browser, public, ingest only)
/// and a browser key's allowed origins. Changes to kinds, origins and revocations bump a state version, so every
/// server's cache of the origins it answers CORS for is reloaded (a key's last use does not).
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261204120000_BrowserKeys")]
internal sealed class BrowserKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "kind", table: "crm_api_keys", nullable: false, defaultValue: "server");
        migrationBuilder.AddColumn<string>(name: "allowed_origins", table: "crm_api_keys", nullable: true);
        StateVersionTriggers.Create(migrationBuilder, "crm_api_keys", CrmStates.ApiKeys, "tenant_id",
            updatedColumns: ["kind", "allowed_origins", "revoked_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        StateVersionTriggers.Drop(migrationBuilder, "crm_api_keys");
        migrationBuilder.DropColumn(name: "allowed_origins", table: "crm_api_keys");
        migrationBuilder.DropColumn(name: "kind", table: "crm_api_keys");
    }
}

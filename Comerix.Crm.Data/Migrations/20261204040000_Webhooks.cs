using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Outbound webhooks: the endpoints (URL, events, signing secret) and the outbox of deliveries, written in the
/// transaction of each change. Endpoints bump a state version, so every server knows which events to write.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261204040000_Webhooks")]
internal sealed class Webhooks : Migration
{
    private bool IsSqlite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_webhook_endpoints",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<string>(nullable: false),
                url = table.Column<string>(nullable: false),
                event_types = table.Column<string>(nullable: false),
                secret = table.Column<string>(nullable: false),
                state = table.Column<string>(nullable: false),
                failing_since = table.Column<DateTime>(nullable: true),
                last_success_at = table.Column<DateTime>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                created_by = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_webhook_endpoints", x => new { x.tenant_id, x.id }));
        migrationBuilder.CreateTable(
            name: "crm_webhook_deliveries",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                endpoint_id = table.Column<string>(nullable: false),
                id = table.Column<long>(nullable: false),
                message_id = table.Column<string>(nullable: false),
                event_type = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: true),
                other_contact_id = table.Column<long>(nullable: true),
                payload_json = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                attempts = table.Column<int>(nullable: false),
                next_attempt_at = table.Column<DateTime>(nullable: false),
                give_up_at = table.Column<DateTime>(nullable: false),
                last_attempt_at = table.Column<DateTime>(nullable: true),
                last_status_code = table.Column<int>(nullable: true),
                last_error = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                delivered_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_webhook_deliveries", x => new { x.tenant_id, x.endpoint_id, x.id });
                table.ForeignKey("fk_crm_webhook_deliveries_endpoint", x => new { x.tenant_id, x.endpoint_id },
                    "crm_webhook_endpoints", ["tenant_id", "id"], onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_crm_webhook_deliveries_due", "crm_webhook_deliveries", ["status", "next_attempt_at"]);
        migrationBuilder.CreateIndex("ix_crm_webhook_deliveries_contact", "crm_webhook_deliveries", ["tenant_id", "contact_id"]);
        migrationBuilder.CreateIndex("ix_crm_webhook_deliveries_other_contact", "crm_webhook_deliveries", ["tenant_id", "other_contact_id"]);
        if (!IsSqlite)
        {
            migrationBuilder.CreateSequence<long>(CrmSequences.WebhookDeliveryIds);
        }
        StateVersionTriggers.Create(migrationBuilder, "crm_webhook_endpoints", CrmStates.WebhookEndpoints, "tenant_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        StateVersionTriggers.Drop(migrationBuilder, "crm_webhook_endpoints");
        if (!IsSqlite)
        {
            migrationBuilder.DropSequence(CrmSequences.WebhookDeliveryIds);
        }
        migrationBuilder.DropTable("crm_webhook_deliveries");
        migrationBuilder.DropTable("crm_webhook_endpoints");
    }
}

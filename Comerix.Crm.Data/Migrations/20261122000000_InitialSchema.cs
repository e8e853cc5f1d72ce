using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Written by hand (the EF Core design-time tools are not available from our package registry). Column types
/// are left to the provider's type mapping, so one migration serves SQLite and PostgreSQL; the test
/// MigrationsMatchTheModel checks that the migrated schema is exactly the one the model describes.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261122000000_InitialSchema")]
internal sealed class InitialSchema : Migration
{
    private bool IsPostgres => ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_contacts",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<long>(nullable: false),
                state = table.Column<string>(nullable: false),
                merged_into_id = table.Column<long>(nullable: true),
                display_name = table.Column<string>(nullable: true),
                email = table.Column<string>(nullable: true),
                phone = table.Column<string>(nullable: true),
                company = table.Column<string>(nullable: true),
                source = table.Column<string>(nullable: false),
                is_identified = table.Column<bool>(nullable: false),
                first_seen = table.Column<DateTime>(nullable: false),
                last_seen = table.Column<DateTime>(nullable: false),
                traits_json = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_contacts", x => new { x.tenant_id, x.id });
                table.UniqueConstraint("ak_crm_contacts_live", x => new { x.tenant_id, x.id, x.state });
            });

        migrationBuilder.CreateTable(
            name: "crm_identifiers",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                type = table.Column<string>(nullable: false),
                value = table.Column<string>(nullable: false),
                display_value = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: false),
                contact_state = table.Column<string>(nullable: false),
                verified = table.Column<bool>(nullable: false),
                first_seen = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_identifiers", x => new { x.tenant_id, x.type, x.value });
                table.CheckConstraint("ck_crm_identifiers_live", "contact_state = 'live'");
                table.ForeignKey(
                    name: "fk_crm_identifiers_live_contact",
                    columns: x => new { x.tenant_id, x.contact_id, x.contact_state },
                    principalTable: "crm_contacts",
                    principalColumns: ["tenant_id", "id", "state"],
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "crm_activities",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<long>(nullable: false),
                event_id = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: true),
                type = table.Column<string>(nullable: false),
                source = table.Column<string>(nullable: true),
                occurred_at = table.Column<DateTime>(nullable: false),
                received_at = table.Column<DateTime>(nullable: false),
                record_kind = table.Column<string>(nullable: true),
                record_id = table.Column<string>(nullable: true),
                conversion_value = table.Column<decimal>(nullable: true),
                currency = table.Column<string>(nullable: true),
                payload_json = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_activities", x => new { x.tenant_id, x.id });
                table.ForeignKey(
                    name: "fk_crm_activities_contact",
                    columns: x => new { x.tenant_id, x.contact_id },
                    principalTable: "crm_contacts",
                    principalColumns: ["tenant_id", "id"],
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "crm_contact_links",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                record_kind = table.Column<string>(nullable: false),
                record_id = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: false),
                first_seen = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_crm_contact_links", x => new { x.tenant_id, x.record_kind, x.record_id });
                table.ForeignKey(
                    name: "fk_crm_contact_links_contact",
                    columns: x => new { x.tenant_id, x.contact_id },
                    principalTable: "crm_contacts",
                    principalColumns: ["tenant_id", "id"],
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "crm_merge_reviews",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<long>(nullable: false),
                contact_low_id = table.Column<long>(nullable: false),
                contact_high_id = table.Column<long>(nullable: false),
                primary_contact_id = table.Column<long>(nullable: false),
                reason_code = table.Column<string>(nullable: false),
                reason = table.Column<string>(nullable: false),
                evidence_event_id = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                decided_at = table.Column<DateTime>(nullable: true),
                decided_by = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_crm_merge_reviews", x => new { x.tenant_id, x.id }));

        migrationBuilder.CreateTable(
            name: "crm_audit_entries",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                sequence = table.Column<long>(nullable: false),
                at = table.Column<DateTime>(nullable: false),
                actor = table.Column<string>(nullable: false),
                action = table.Column<string>(nullable: false),
                details_json = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_crm_audit_entries", x => new { x.tenant_id, x.sequence }));

        migrationBuilder.CreateTable(
            name: "crm_audit_heads",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                last_sequence = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_audit_heads", x => x.tenant_id));

        migrationBuilder.CreateIndex("ix_crm_contacts_list", "crm_contacts", ["tenant_id", "state", "is_identified", "last_seen"]);
        migrationBuilder.CreateIndex("ix_crm_contacts_merged_into", "crm_contacts", ["tenant_id", "merged_into_id"]);
        migrationBuilder.CreateIndex("ix_crm_identifiers_contact", "crm_identifiers", ["tenant_id", "contact_id", "contact_state"]);
        migrationBuilder.CreateIndex("ux_crm_activities_event", "crm_activities", ["tenant_id", "event_id"], unique: true);
        migrationBuilder.CreateIndex("ix_crm_activities_timeline", "crm_activities", ["tenant_id", "contact_id", "occurred_at"]);
        migrationBuilder.CreateIndex("ix_crm_contact_links_contact", "crm_contact_links", ["tenant_id", "contact_id", "record_kind"]);
        migrationBuilder.CreateIndex("ux_crm_merge_reviews_pair", "crm_merge_reviews", ["tenant_id", "contact_low_id", "contact_high_id"], unique: true);
        migrationBuilder.CreateIndex("ix_crm_merge_reviews_queue", "crm_merge_reviews", ["tenant_id", "status", "created_at"]);

        if (IsPostgres)
        {
            migrationBuilder.CreateSequence<long>(CrmSequences.ContactIds);
            migrationBuilder.CreateSequence<long>(CrmSequences.ActivityIds);
            migrationBuilder.CreateSequence<long>(CrmSequences.ReviewIds);
        }
        else
        {
            migrationBuilder.CreateTable(
                name: "crm_id_counters",
                columns: table => new
                {
                    tenant_id = table.Column<string>(nullable: false),
                    name = table.Column<string>(nullable: false),
                    next_value = table.Column<long>(nullable: false),
                },
                constraints: table => table.PrimaryKey("pk_crm_id_counters", x => new { x.tenant_id, x.name }));
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "crm_identifiers", "crm_activities", "crm_contact_links", "crm_merge_reviews", "crm_audit_entries", "crm_audit_heads", "crm_contacts" })
        {
            migrationBuilder.DropTable(table);
        }
        if (IsPostgres)
        {
            migrationBuilder.DropSequence(CrmSequences.ContactIds);
            migrationBuilder.DropSequence(CrmSequences.ActivityIds);
            migrationBuilder.DropSequence(CrmSequences.ReviewIds);
        }
        else
        {
            migrationBuilder.DropTable("crm_id_counters");
        }
    }
}

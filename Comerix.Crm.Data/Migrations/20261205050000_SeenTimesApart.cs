using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Moves each contact's last-seen time out of <c>crm_contacts</c> into <c>crm_contact_seen</c>, a narrow table whose
/// index is now the Contacts list's order. Most events change a contact's last-seen time and nothing else; with the
/// time on the contact, each of those rewrote the wide row and, on PostgreSQL, added a new entry to every index on
/// it (an indexed column changed, so the update could not be HOT). The list's old index on the contact goes with it.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205050000_SeenTimesApart")]
internal sealed class SeenTimesApart : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_contact_seen",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                contact_id = table.Column<long>(nullable: false),
                last_seen = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_crm_contact_seen", x => new { x.tenant_id, x.contact_id });
                table.ForeignKey("FK_crm_contact_seen_crm_contacts_tenant_id_contact_id", x => new { x.tenant_id, x.contact_id },
                    "crm_contacts", ["tenant_id", "id"], onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.Sql("INSERT INTO crm_contact_seen (tenant_id, contact_id, last_seen) SELECT tenant_id, id, last_seen FROM crm_contacts;");
        migrationBuilder.CreateIndex("ix_crm_contact_seen_recent", "crm_contact_seen", ["tenant_id", "last_seen"]);

        migrationBuilder.DropIndex("ix_crm_contacts_recent", "crm_contacts");
        // Not DropColumn: on SQLite, EF rebuilds the table for it, which renumbers the rows the search index points at.
        // ALTER TABLE … DROP COLUMN (SQLite 3.35 and later) keeps them.
        migrationBuilder.Sql("ALTER TABLE crm_contacts DROP COLUMN last_seen;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>("last_seen", "crm_contacts", nullable: false, defaultValue: DateTime.UnixEpoch);
        migrationBuilder.Sql(
            "UPDATE crm_contacts SET last_seen = (SELECT s.last_seen FROM crm_contact_seen AS s " +
            "WHERE s.tenant_id = crm_contacts.tenant_id AND s.contact_id = crm_contacts.id);");
        migrationBuilder.CreateIndex("ix_crm_contacts_recent", "crm_contacts", ["tenant_id", "state", "last_seen", "is_identified", "source"]);
        migrationBuilder.DropTable("crm_contact_seen");
    }
}

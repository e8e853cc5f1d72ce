using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Each contact's lifecycle stage and owner (issue 19), and the tenant's own list of stages. A tenant with no stage
/// rows has the default list; its first edit writes the list out.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205090000_StagesAndOwners")]
internal sealed class StagesAndOwners : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("stage", "crm_contacts", nullable: true);
        migrationBuilder.AddColumn<string>("owner_name", "crm_contacts", nullable: true);
        // Partial: most contacts have neither, and the list's "at stage X" and "owned by Y" walk only those that do. The
        // audience and source ride along, as in the list's own index, so a filtered page and count never read the table.
        migrationBuilder.CreateIndex("ix_crm_contacts_stage", "crm_contacts", ["tenant_id", "state", "stage", "last_seen", "is_identified", "source"],
            filter: "stage IS NOT NULL");
        migrationBuilder.CreateIndex("ix_crm_contacts_owner", "crm_contacts", ["tenant_id", "state", "owner_name", "last_seen", "is_identified", "source"],
            filter: "owner_name IS NOT NULL");
        // Saved views may narrow by stage and owner ("My contacts" is a view of "me": whoever opens it).
        migrationBuilder.AddColumn<string>("stage", "crm_saved_views", nullable: true);
        migrationBuilder.AddColumn<string>("owner_name", "crm_saved_views", nullable: true);
        migrationBuilder.CreateTable(
            name: "crm_lifecycle_stages",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                key = table.Column<string>(nullable: false),
                label = table.Column<string>(nullable: false),
                position = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_lifecycle_stages", x => new { x.tenant_id, x.key }));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("crm_lifecycle_stages");
        migrationBuilder.DropIndex("ix_crm_contacts_owner", "crm_contacts");
        migrationBuilder.DropIndex("ix_crm_contacts_stage", "crm_contacts");
        foreach (var (table, column) in new[] { ("crm_saved_views", "owner_name"), ("crm_saved_views", "stage"), ("crm_contacts", "owner_name"), ("crm_contacts", "stage") })
        {
            if (IsSqlite)
            {
                // EF Core would rebuild the table for this; SQLite (3.35 and later) drops an unindexed column itself.
                migrationBuilder.Sql($"ALTER TABLE {table} DROP COLUMN {column};");
            }
            else
            {
                migrationBuilder.DropColumn(column, table);
            }
        }
    }

    private bool IsSqlite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";
}

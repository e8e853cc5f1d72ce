using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// The Contacts list at 100,000+ contacts (measured with <c>Comerix.Crm.Bench list</c>): one index walked newest
/// first that also answers the audience and source filters, and on SQLite a trigram full-text index over name,
/// email and phone so "contains" search does not scan the table. The full-text index is kept by triggers (which
/// fire only when one of the three really changes: the engine rewrites every column), so no
/// writer (the engine's plain SQL included) can leave it stale, and an erased contact leaves it too.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261122120000_ContactListSearch")]
internal sealed class ContactListSearch : Migration
{
    public const string SearchTable = "crm_contacts_search";

    private bool IsSqlite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_crm_contacts_list", "crm_contacts");
        migrationBuilder.CreateIndex("ix_crm_contacts_recent", "crm_contacts", ["tenant_id", "state", "last_seen", "is_identified", "source"]);
        if (!IsSqlite)
        {
            return;
        }
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE {SearchTable} USING fts5(
                display_name, email, phone, content='crm_contacts', content_rowid='rowid', tokenize='trigram');
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_insert AFTER INSERT ON crm_contacts BEGIN
                INSERT INTO {SearchTable}(rowid, display_name, email, phone) VALUES (new.rowid, new.display_name, new.email, new.phone);
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_delete AFTER DELETE ON crm_contacts BEGIN
                INSERT INTO {SearchTable}({SearchTable}, rowid, display_name, email, phone) VALUES ('delete', old.rowid, old.display_name, old.email, old.phone);
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_update AFTER UPDATE OF display_name, email, phone ON crm_contacts
            WHEN old.display_name IS NOT new.display_name OR old.email IS NOT new.email OR old.phone IS NOT new.phone BEGIN
                INSERT INTO {SearchTable}({SearchTable}, rowid, display_name, email, phone) VALUES ('delete', old.rowid, old.display_name, old.email, old.phone);
                INSERT INTO {SearchTable}(rowid, display_name, email, phone) VALUES (new.rowid, new.display_name, new.email, new.phone);
            END;
            """);
        migrationBuilder.Sql($"INSERT INTO {SearchTable}({SearchTable}) VALUES ('rebuild');");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (IsSqlite)
        {
            migrationBuilder.Sql("DROP TRIGGER crm_contacts_search_update; DROP TRIGGER crm_contacts_search_delete; DROP TRIGGER crm_contacts_search_insert;");
            migrationBuilder.Sql($"DROP TABLE {SearchTable};");
        }
        migrationBuilder.DropIndex("ix_crm_contacts_recent", "crm_contacts");
        migrationBuilder.CreateIndex("ix_crm_contacts_list", "crm_contacts", ["tenant_id", "state", "is_identified", "last_seen"]);
    }
}

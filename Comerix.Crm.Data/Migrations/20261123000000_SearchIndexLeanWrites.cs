using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// The SQLite search index was the most expensive thing ingestion did. Measured on the benchmark stream: each
/// write to it in FTS5 "secure-delete" mode cost 70-100 µs, and removing a contact's old name or email about 1 ms
/// (it rewrites every page holding one of the old terms), where the whole of the rest of an event costs ~60 µs.
/// So:
/// <list type="bullet">
/// <item>Secure-delete is off for everyday changes. Terms of a replaced name wait under a delete marker until their
/// segment merges, which is harmless while the person is in the directory. An erasure instead rebuilds the index
/// into one segment ("optimize", in <see cref="CrmDatabase.ScrubAfterErasureAsync"/>), which drops every term the
/// erased contact ever had; secure_delete then zeroes the pages that held them.</item>
/// <item>Contacts with nothing searchable (anonymous visitors, most of the directory) are not in the index at all,
/// so creating one costs no index write (measured +10-17% ingestion over indexing them as empty documents). The
/// triggers keep that rule on every path. FTS5's integrity-check against the content table (rank 1) therefore
/// reports them missing; its check of the index itself passes (SearchIndexMigrationTests). Re-index with this
/// migration's statements, not 'rebuild': that would put them back as empty documents, which these triggers do
/// not expect (search keeps working, but the index's row count drifts and its own check then fails).</item>
/// </list>
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261123000000_SearchIndexLeanWrites")]
internal sealed class SearchIndexLeanWrites : Migration
{
    private const string Table = ContactListSearch.SearchTable;
    private const string HasNew = "(new.display_name IS NOT NULL OR new.email IS NOT NULL OR new.phone IS NOT NULL)";
    private const string HadOld = "(old.display_name IS NOT NULL OR old.email IS NOT NULL OR old.phone IS NOT NULL)";
    private const string Changed = "(old.display_name IS NOT new.display_name OR old.email IS NOT new.email OR old.phone IS NOT new.phone)";
    private const string AddNew = $"INSERT INTO {Table}(rowid, display_name, email, phone) VALUES (new.rowid, new.display_name, new.email, new.phone);";
    private const string RemoveOld =
        $"INSERT INTO {Table}({Table}, rowid, display_name, email, phone) VALUES ('delete', old.rowid, old.display_name, old.email, old.phone);";

    private bool IsSqlite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (!IsSqlite)
        {
            return;
        }
        migrationBuilder.Sql("DROP TRIGGER crm_contacts_search_insert; DROP TRIGGER crm_contacts_search_delete; DROP TRIGGER crm_contacts_search_update;");
        migrationBuilder.Sql($"CREATE TRIGGER crm_contacts_search_insert AFTER INSERT ON crm_contacts WHEN {HasNew} BEGIN {AddNew} END;");
        migrationBuilder.Sql($"CREATE TRIGGER crm_contacts_search_delete AFTER DELETE ON crm_contacts WHEN {HadOld} BEGIN {RemoveOld} END;");
        // One trigger, its two steps in order: a contact identified for the first time costs one insert and no delete.
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_update AFTER UPDATE OF display_name, email, phone ON crm_contacts WHEN {Changed} BEGIN
                INSERT INTO {Table}({Table}, rowid, display_name, email, phone)
                    SELECT 'delete', old.rowid, old.display_name, old.email, old.phone WHERE {HadOld};
                INSERT INTO {Table}(rowid, display_name, email, phone)
                    SELECT new.rowid, new.display_name, new.email, new.phone WHERE {HasNew};
            END;
            """);
        migrationBuilder.Sql($"INSERT INTO {Table}({Table}, rank) VALUES ('secure-delete', 0);");
        // Re-index under the new rule: only contacts with something to find.
        migrationBuilder.Sql($"INSERT INTO {Table}({Table}) VALUES ('delete-all');");
        migrationBuilder.Sql($"""
            INSERT INTO {Table}(rowid, display_name, email, phone)
            SELECT rowid, display_name, email, phone FROM crm_contacts
            WHERE display_name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL;
            """);
        migrationBuilder.Sql($"INSERT INTO {Table}({Table}) VALUES ('optimize');");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (!IsSqlite)
        {
            return;
        }
        migrationBuilder.Sql("DROP TRIGGER crm_contacts_search_insert; DROP TRIGGER crm_contacts_search_delete; DROP TRIGGER crm_contacts_search_update;");
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_insert AFTER INSERT ON crm_contacts BEGIN
                INSERT INTO {Table}(rowid, display_name, email, phone) VALUES (new.rowid, new.display_name, new.email, new.phone);
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_delete AFTER DELETE ON crm_contacts BEGIN
                INSERT INTO {Table}({Table}, rowid, display_name, email, phone) VALUES ('delete', old.rowid, old.display_name, old.email, old.phone);
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_update AFTER UPDATE OF display_name, email, phone ON crm_contacts
            WHEN {Changed} BEGIN
                INSERT INTO {Table}({Table}, rowid, display_name, email, phone) VALUES ('delete', old.rowid, old.display_name, old.email, old.phone);
                INSERT INTO {Table}(rowid, display_name, email, phone) VALUES (new.rowid, new.display_name, new.email, new.phone);
            END;
            """);
        migrationBuilder.Sql($"INSERT INTO {Table}({Table}, rank) VALUES ('secure-delete', 1);");
        migrationBuilder.Sql($"INSERT INTO {Table}({Table}) VALUES ('rebuild');");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Search finds what support staff hold (issue 15, item 18):
/// <list type="bullet">
/// <item>The company, as "contains": on SQLite the trigram index gains a company column (rebuilt here, kept by the
/// same lean triggers as before: only contacts with something to find are indexed, see SearchIndexLeanWrites).</item>
/// <item>An external reference by its value without the namespace ("1234" finds <c>shopify:1234</c>): an index on the
/// part after the first colon, for external references only (partial, so no other identifier pays for it at
/// ingestion). On PostgreSQL it compares in byte order (COLLATE "C") so a key range is exactly a prefix whatever the
/// database's collation. The model cannot describe an index on an expression; MigrationsTests leaves it out by name.</item>
/// </list>
/// Conversation and visitor ids need nothing new: they are ranges of the identifiers' primary key.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261203120000_SupportSearch")]
internal sealed class SupportSearch : Migration
{
    public const string ReferenceValueIndex = "ix_crm_identifiers_ref_value";

    /// <summary>The part of an external reference after its namespace, as the index holds it (the query must say it the same way).</summary>
    public const string SqliteReferenceValue = "substr(value, instr(value, ':') + 1)";

    public const string PostgresReferenceValue = "(substr(value, strpos(value, ':') + 1) COLLATE \"C\")";

    private const string Table = ContactListSearch.SearchTable;

    private bool IsSqlite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var value = IsSqlite ? SqliteReferenceValue : PostgresReferenceValue;
        migrationBuilder.Sql($"CREATE INDEX {ReferenceValueIndex} ON crm_identifiers (tenant_id, {value}, contact_id) WHERE type = 'external_ref';");
        if (IsSqlite)
        {
            RebuildSearchIndex(migrationBuilder, ["display_name", "email", "phone", "company"]);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"DROP INDEX {ReferenceValueIndex};");
        if (IsSqlite)
        {
            RebuildSearchIndex(migrationBuilder, ["display_name", "email", "phone"]);
        }
    }

    /// <summary>The trigram index over <paramref name="columns"/>, with SearchIndexLeanWrites' triggers over the same columns.</summary>
    private static void RebuildSearchIndex(MigrationBuilder migrationBuilder, string[] columns)
    {
        string Each(string prefix, string separator) => string.Join(separator, columns.Select(c => prefix + c));
        var list = Each("", ", ");
        var hasNew = $"({Each("new.", " IS NOT NULL OR ")} IS NOT NULL)";
        var hadOld = $"({Each("old.", " IS NOT NULL OR ")} IS NOT NULL)";
        var changed = "(" + string.Join(" OR ", columns.Select(c => $"old.{c} IS NOT new.{c}")) + ")";
        var addNew = $"INSERT INTO {Table}(rowid, {list}) VALUES (new.rowid, {Each("new.", ", ")});";
        var removeOld = $"INSERT INTO {Table}({Table}, rowid, {list}) VALUES ('delete', old.rowid, {Each("old.", ", ")});";

        migrationBuilder.Sql("DROP TRIGGER crm_contacts_search_insert; DROP TRIGGER crm_contacts_search_delete; DROP TRIGGER crm_contacts_search_update;");
        migrationBuilder.Sql($"DROP TABLE {Table};");
        migrationBuilder.Sql($"CREATE VIRTUAL TABLE {Table} USING fts5({list}, content='crm_contacts', content_rowid='rowid', tokenize='trigram');");
        migrationBuilder.Sql($"CREATE TRIGGER crm_contacts_search_insert AFTER INSERT ON crm_contacts WHEN {hasNew} BEGIN {addNew} END;");
        migrationBuilder.Sql($"CREATE TRIGGER crm_contacts_search_delete AFTER DELETE ON crm_contacts WHEN {hadOld} BEGIN {removeOld} END;");
        migrationBuilder.Sql($"""
            CREATE TRIGGER crm_contacts_search_update AFTER UPDATE OF {list} ON crm_contacts WHEN {changed} BEGIN
                INSERT INTO {Table}({Table}, rowid, {list})
                    SELECT 'delete', old.rowid, {Each("old.", ", ")} WHERE {hadOld};
                INSERT INTO {Table}(rowid, {list})
                    SELECT new.rowid, {Each("new.", ", ")} WHERE {hasNew};
            END;
            """);
        migrationBuilder.Sql($"INSERT INTO {Table}(rowid, {list}) SELECT rowid, {list} FROM crm_contacts WHERE {hasNew.Replace("new.", "")};");
        migrationBuilder.Sql($"INSERT INTO {Table}({Table}) VALUES ('optimize');");
    }
}

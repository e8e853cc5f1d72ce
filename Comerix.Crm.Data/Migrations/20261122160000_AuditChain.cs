using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// The audit log becomes a hash chain and append-only: each entry keeps the previous entry's hash and its own,
/// the head keeps the last hash, and the database refuses UPDATE and DELETE of entries (a trigger on both
/// providers; on PostgreSQL TRUNCATE too). Entries written before this migration keep an empty hash; the
/// verifier reports them as written before the chain began.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261122160000_AuditChain")]
internal sealed class AuditChain : Migration
{
    private bool IsSqlite => ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("previous_hash", "crm_audit_entries", nullable: false, defaultValue: "");
        migrationBuilder.AddColumn<string>("hash", "crm_audit_entries", nullable: false, defaultValue: "");
        migrationBuilder.AddColumn<string>("last_hash", "crm_audit_heads", nullable: false, defaultValue: "");
        if (IsSqlite)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER crm_audit_entries_no_update BEFORE UPDATE ON crm_audit_entries
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER crm_audit_entries_no_delete BEFORE DELETE ON crm_audit_entries
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """);
            return;
        }
        migrationBuilder.Sql("""
            CREATE FUNCTION crm_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER crm_audit_entries_no_change BEFORE UPDATE OR DELETE ON crm_audit_entries
            FOR EACH ROW EXECUTE FUNCTION crm_audit_append_only();
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER crm_audit_entries_no_truncate BEFORE TRUNCATE ON crm_audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION crm_audit_append_only();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (IsSqlite)
        {
            migrationBuilder.Sql("DROP TRIGGER crm_audit_entries_no_update; DROP TRIGGER crm_audit_entries_no_delete;");
        }
        else
        {
            migrationBuilder.Sql("DROP TRIGGER crm_audit_entries_no_truncate ON crm_audit_entries; DROP TRIGGER crm_audit_entries_no_change ON crm_audit_entries; DROP FUNCTION crm_audit_append_only();");
        }
        migrationBuilder.DropColumn("last_hash", "crm_audit_heads");
        migrationBuilder.DropColumn("hash", "crm_audit_entries");
        migrationBuilder.DropColumn("previous_hash", "crm_audit_entries");
    }
}

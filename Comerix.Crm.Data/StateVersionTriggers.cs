using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data;

/// <summary>
/// Makes every change to a table of cached state bump that state's row in <c>crm_state_versions</c>, inside the
/// writing transaction: whoever writes (a page, a recipe, the command line, another server, hand-written SQL), servers
/// holding the state in memory see the new version and reload. A trigger, not a call in each writer, so no writer can
/// forget it. The counter row is updated first and its row lock is held to the commit, so versions commit in order
/// and a reader asking for "versions above the last one I saw" never misses one (PostgreSQL; SQLite has one writer).
/// </summary>
public static class StateVersionTriggers
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <param name="tenantColumn">The column naming the row's tenant; null for state the whole site shares.</param>
    /// <param name="updatedColumns">
    /// When given, only updates of these columns bump the version: a column written often that no cache holds (a
    /// key's last use) would otherwise make every server reload for nothing.
    /// </param>
    public static void Create(MigrationBuilder migrationBuilder, string table, string state, string? tenantColumn,
        IReadOnlyList<string>? updatedColumns = null)
    {
        var update = updatedColumns is null ? "UPDATE" : $"UPDATE OF {string.Join(", ", updatedColumns)}";
        if (migrationBuilder.ActiveProvider != SqliteProvider)
        {
            var arguments = tenantColumn is null ? $"'{state}'" : $"'{state}', '{tenantColumn}'";
            migrationBuilder.Sql($"""
                CREATE TRIGGER {table}_state_changed AFTER INSERT OR {update} OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION crm_state_changed({arguments});
                """);
            return;
        }
        foreach (var (operation, row) in new[] { ("INSERT", "NEW"), (update, "NEW"), ("DELETE", "OLD") })
        {
            var tenant = tenantColumn is null ? "''" : $"{row}.{tenantColumn}";
            var name = operation.Split(' ')[0].ToLowerInvariant();
            migrationBuilder.Sql($"""
                CREATE TRIGGER {table}_state_{name} AFTER {operation} ON {table}
                BEGIN
                  UPDATE crm_state_versions SET version = version + 1 WHERE tenant_id = '' AND state = '';
                  INSERT INTO crm_state_versions (tenant_id, state, version)
                  VALUES ({tenant}, '{state}', (SELECT version FROM crm_state_versions WHERE tenant_id = '' AND state = ''))
                  ON CONFLICT (tenant_id, state) DO UPDATE SET version = excluded.version;
                END;
                """);
        }
    }

    public static void Drop(MigrationBuilder migrationBuilder, string table)
    {
        if (migrationBuilder.ActiveProvider != SqliteProvider)
        {
            migrationBuilder.Sql($"DROP TRIGGER {table}_state_changed ON {table};");
            return;
        }
        migrationBuilder.Sql($"DROP TRIGGER {table}_state_insert; DROP TRIGGER {table}_state_update; DROP TRIGGER {table}_state_delete;");
    }

    /// <summary>PostgreSQL: the one function every table's trigger runs (state name and tenant column as arguments).</summary>
    internal const string PostgresFunction = """
        CREATE FUNCTION crm_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          changed_tenant text := '';
          next_version bigint;
        BEGIN
          IF TG_NARGS > 1 THEN
            changed_tenant := (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[1];
          END IF;
          UPDATE crm_state_versions SET version = version + 1 WHERE tenant_id = '' AND state = '' RETURNING version INTO next_version;
          INSERT INTO crm_state_versions (tenant_id, state, version) VALUES (changed_tenant, TG_ARGV[0], next_version)
          ON CONFLICT (tenant_id, state) DO UPDATE SET version = EXCLUDED.version;
          RETURN NULL;
        END $$;
        """;
}

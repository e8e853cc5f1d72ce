using Comerix.Crm.Data.Search;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Segments with conditions (issue 19): their table; the activities' index by type and time, so "did X in the last D
/// days" reads the events of that type in the window instead of every event; and PostgreSQL's functions behind
/// <see cref="CrmSqlFunctions"/>.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205120000_Segments")]
internal sealed class Segments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "crm_segments",
            columns: table => new
            {
                tenant_id = table.Column<string>(nullable: false),
                id = table.Column<long>(nullable: false),
                name = table.Column<string>(nullable: false),
                name_key = table.Column<string>(nullable: false),
                match = table.Column<string>(nullable: false),
                conditions_json = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                created_by = table.Column<string>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                updated_by = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_crm_segments", x => new { x.tenant_id, x.id }));
        migrationBuilder.CreateIndex("ux_crm_segments_name", "crm_segments", ["tenant_id", "name_key"], unique: true);
        // Contact and value ride along: an activity condition is answered from the index alone.
        migrationBuilder.CreateIndex("ix_crm_activities_type", "crm_activities", ["tenant_id", "type", "occurred_at", "contact_id", "conversion_value"]);
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION {{CrmSqlFunctions.PostgresNumber}}(value text) RETURNS double precision
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
                $$ SELECT CASE WHEN value ~ '^[+-]?[0-9]+(\.[0-9]+)?$' THEN value::double precision END $$;
                CREATE OR REPLACE FUNCTION {{CrmSqlFunctions.PostgresEventName}}(payload text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
                $$ SELECT CASE WHEN left(payload, 1) = '{' THEN (payload::jsonb) ->> 'event' END $$;
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {CrmSqlFunctions.PostgresNumber}(text); DROP FUNCTION IF EXISTS {CrmSqlFunctions.PostgresEventName}(text);");
        }
        migrationBuilder.DropIndex("ix_crm_activities_type", "crm_activities");
        migrationBuilder.DropTable("crm_segments");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Data.Migrations;

/// <summary>
/// Events set contact fields (issue 19), so every server keeps the fields' definitions in memory; a change to them,
/// from any writer, bumps their version and the servers read them again.
/// </summary>
[DbContext(typeof(CrmDbContext))]
[Migration("20261205100000_CustomFieldVersions")]
internal sealed class CustomFieldVersions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        StateVersionTriggers.Create(migrationBuilder, "crm_custom_fields", CrmStates.CustomFields, "tenant_id");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        StateVersionTriggers.Drop(migrationBuilder, "crm_custom_fields");
}

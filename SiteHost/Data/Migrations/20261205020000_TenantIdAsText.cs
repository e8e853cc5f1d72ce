using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.SiteHost.Data.Migrations;

/// <summary>
/// The site's tables distributed by tenant (role grants, the demo stores) had <c>tenant_id varchar(64)</c> where the
/// CRM's tables have <c>text</c>: Citus co-locates a tenant's rows only across distribution columns of one type
/// (docs/scaling.md, Data/DistributableSchemaTests). PostgreSQL changes the type in place (the two are binary
/// compatible: no rewrite); SQLite stores both as TEXT already. Tenant names stay limited to 64 characters by
/// <c>tenant create</c>.
/// </summary>
[DbContext(typeof(SiteDbContext))]
[Migration("20261205020000_TenantIdAsText")]
public sealed class TenantIdAsText : Migration
{
    private static readonly string[] Tables = ["site_role_permissions", "site_demo_conversations", "site_demo_form_submissions"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            foreach (var table in Tables)
            {
                migrationBuilder.AlterColumn<string>(name: "tenant_id", table: table, nullable: false,
                    oldMaxLength: 64, oldNullable: false);
            }
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            foreach (var table in Tables)
            {
                migrationBuilder.AlterColumn<string>(name: "tenant_id", table: table, maxLength: 64, nullable: false, oldNullable: false);
            }
        }
    }
}

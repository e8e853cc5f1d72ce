using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Comerix.SiteHost.Data.Migrations;

/// <summary>
/// Written by hand, like the CRM's (no EF Core design-time tools in our registry). One migration for SQLite and
/// PostgreSQL; SiteMigrationsTests checks the migrated schema equals the one the model describes.
/// </summary>
[DbContext(typeof(SiteDbContext))]
[Migration("20261122100000_SiteInitialSchema")]
public sealed class SiteInitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "site_tenants",
            columns: table => new
            {
                name = table.Column<string>(maxLength: 64, nullable: false),
                url_prefix = table.Column<string>(maxLength: 64, nullable: true),
                host_name = table.Column<string>(maxLength: 253, nullable: true),
                enabled_features = table.Column<string>(maxLength: 2000, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_site_tenants", x => x.name));

        migrationBuilder.CreateTable(
            name: "site_role_permissions",
            columns: table => new
            {
                tenant_id = table.Column<string>(maxLength: 64, nullable: false),
                role_name = table.Column<string>(maxLength: 256, nullable: false),
                permission = table.Column<string>(maxLength: 128, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_site_role_permissions", x => new { x.tenant_id, x.role_name, x.permission }));

        migrationBuilder.CreateTable(
            name: "site_demo_conversations",
            columns: table => new
            {
                tenant_id = table.Column<string>(maxLength: 64, nullable: false),
                id = table.Column<string>(maxLength: 128, nullable: false),
                visitor_name = table.Column<string>(nullable: true),
                email = table.Column<string>(nullable: true),
                phone = table.Column<string>(nullable: true),
                started_at = table.Column<DateTime>(nullable: false),
                transcript = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_site_demo_conversations", x => new { x.tenant_id, x.id }));

        migrationBuilder.CreateTable(
            name: "site_demo_form_submissions",
            columns: table => new
            {
                tenant_id = table.Column<string>(maxLength: 64, nullable: false),
                id = table.Column<string>(maxLength: 128, nullable: false),
                form_name = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: true),
                email = table.Column<string>(nullable: true),
                phone = table.Column<string>(nullable: true),
                company = table.Column<string>(nullable: true),
                message = table.Column<string>(nullable: true),
                submitted_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_site_demo_form_submissions", x => new { x.tenant_id, x.id }));

        migrationBuilder.CreateTable(
            name: "site_users",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                TenantId = table.Column<string>(maxLength: 64, nullable: false),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_site_users", x => x.Id));

        migrationBuilder.CreateTable(
            name: "site_roles",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                TenantId = table.Column<string>(maxLength: 64, nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_site_roles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "site_role_claims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_site_role_claims", x => x.Id);
                table.ForeignKey("FK_site_role_claims_site_roles_RoleId", x => x.RoleId, "site_roles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "site_user_claims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_site_user_claims", x => x.Id);
                table.ForeignKey("FK_site_user_claims_site_users_UserId", x => x.UserId, "site_users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "site_user_logins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_site_user_logins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_site_user_logins_site_users_UserId", x => x.UserId, "site_users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "site_user_roles",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                RoleId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_site_user_roles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_site_user_roles_site_roles_RoleId", x => x.RoleId, "site_roles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_site_user_roles_site_users_UserId", x => x.UserId, "site_users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "site_user_tokens",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_site_user_tokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_site_user_tokens_site_users_UserId", x => x.UserId, "site_users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_site_tenants_prefix", "site_tenants", "url_prefix", unique: true);
        migrationBuilder.CreateIndex("ix_site_tenants_host", "site_tenants", "host_name", unique: true);
        migrationBuilder.CreateIndex("EmailIndex", "site_users", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "site_users", "NormalizedUserName");
        migrationBuilder.CreateIndex("ix_site_users_tenant_name", "site_users", ["TenantId", "NormalizedUserName"], unique: true);
        migrationBuilder.CreateIndex("ix_site_users_tenant_email", "site_users", ["TenantId", "NormalizedEmail"]);
        migrationBuilder.CreateIndex("RoleNameIndex", "site_roles", "NormalizedName");
        migrationBuilder.CreateIndex("ix_site_roles_tenant_name", "site_roles", ["TenantId", "NormalizedName"], unique: true);
        migrationBuilder.CreateIndex("IX_site_role_claims_RoleId", "site_role_claims", "RoleId");
        migrationBuilder.CreateIndex("IX_site_user_claims_UserId", "site_user_claims", "UserId");
        migrationBuilder.CreateIndex("IX_site_user_logins_UserId", "site_user_logins", "UserId");
        migrationBuilder.CreateIndex("IX_site_user_roles_RoleId", "site_user_roles", "RoleId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[]
        {
            "site_user_tokens", "site_user_roles", "site_user_logins", "site_user_claims", "site_role_claims",
            "site_roles", "site_users", "site_demo_form_submissions", "site_demo_conversations", "site_role_permissions", "site_tenants",
        })
        {
            migrationBuilder.DropTable(table);
        }
    }
}

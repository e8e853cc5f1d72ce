using Comerix.SiteHost.Demo;
using Comerix.SiteHost.Security;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Data;

/// <summary>
/// The site's own tables (tenants, users and roles, role grants, the demo chat and form stores), in the same
/// database as the CRM. Users, roles and demo records are filtered to the current tenant by a query filter, so
/// ASP.NET Core Identity's stores only ever see one tenant.
/// </summary>
public sealed class SiteDbContext(DbContextOptions<SiteDbContext> options, CurrentTenant tenant)
    : IdentityDbContext<SiteUser, SiteRole, string>(options)
{
    public string TenantId => tenant.Name;

    public DbSet<SiteTenant> Tenants => Set<SiteTenant>();
    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();
    public DbSet<DemoConversation> DemoConversations => Set<DemoConversation>();
    public DbSet<DemoFormSubmission> DemoFormSubmissions => Set<DemoFormSubmission>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<SiteUser>(b =>
        {
            b.ToTable("site_users");
            b.Property(u => u.TenantId).HasMaxLength(64);
            // Identity's own unique indexes are global; here a name is unique within its tenant.
            b.HasIndex(u => u.NormalizedUserName).HasDatabaseName("UserNameIndex").IsUnique(false);
            b.HasIndex(u => new { u.TenantId, u.NormalizedUserName }).IsUnique().HasDatabaseName("ix_site_users_tenant_name");
            b.HasIndex(u => new { u.TenantId, u.NormalizedEmail }).HasDatabaseName("ix_site_users_tenant_email");
            b.HasQueryFilter(u => u.TenantId == TenantId);
        });
        builder.Entity<SiteRole>(b =>
        {
            b.ToTable("site_roles");
            b.Property(r => r.TenantId).HasMaxLength(64);
            b.HasIndex(r => r.NormalizedName).HasDatabaseName("RoleNameIndex").IsUnique(false);
            b.HasIndex(r => new { r.TenantId, r.NormalizedName }).IsUnique().HasDatabaseName("ix_site_roles_tenant_name");
            b.HasQueryFilter(r => r.TenantId == TenantId);
        });
        builder.Entity<IdentityUserRole<string>>().ToTable("site_user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("site_user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("site_user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("site_user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("site_role_claims");

        builder.Entity<SiteTenant>(b =>
        {
            b.ToTable("site_tenants");
            b.HasKey(t => t.Name);
            b.Property(t => t.Name).HasColumnName("name").HasMaxLength(64);
            b.Property(t => t.UrlPrefix).HasColumnName("url_prefix").HasMaxLength(64);
            b.Property(t => t.HostName).HasColumnName("host_name").HasMaxLength(253);
            b.Property(t => t.EnabledFeatures).HasColumnName("enabled_features").HasMaxLength(2000);
            b.Property(t => t.CreatedAt).HasColumnName("created_at");
            b.Ignore(t => t.Features);
            b.HasIndex(t => t.UrlPrefix).IsUnique().HasDatabaseName("ix_site_tenants_prefix");
            b.HasIndex(t => t.HostName).IsUnique().HasDatabaseName("ix_site_tenants_host");
        });
        builder.Entity<RolePermission>(b =>
        {
            b.ToTable("site_role_permissions");
            b.HasKey(p => new { p.TenantId, p.RoleName, p.Permission });
            // text, as in the CRM's tables: Citus co-locates a tenant's rows across distribution columns of one type.
            b.Property(p => p.TenantId).HasColumnName("tenant_id");
            b.Property(p => p.RoleName).HasColumnName("role_name").HasMaxLength(256);
            b.Property(p => p.Permission).HasColumnName("permission").HasMaxLength(128);
        });
        builder.Entity<DemoConversation>(b =>
        {
            b.ToTable("site_demo_conversations");
            b.HasKey(c => new { c.TenantId, c.Id });
            b.Property(c => c.TenantId).HasColumnName("tenant_id");
            b.Property(c => c.Id).HasColumnName("id").HasMaxLength(128);
            b.Property(c => c.VisitorName).HasColumnName("visitor_name");
            b.Property(c => c.Email).HasColumnName("email");
            b.Property(c => c.Phone).HasColumnName("phone");
            b.Property(c => c.StartedAt).HasColumnName("started_at");
            b.Property(c => c.Transcript).HasColumnName("transcript");
            b.HasQueryFilter(c => c.TenantId == TenantId);
        });
        builder.Entity<DemoFormSubmission>(b =>
        {
            b.ToTable("site_demo_form_submissions");
            b.HasKey(f => new { f.TenantId, f.Id });
            b.Property(f => f.TenantId).HasColumnName("tenant_id");
            b.Property(f => f.Id).HasColumnName("id").HasMaxLength(128);
            b.Property(f => f.FormName).HasColumnName("form_name");
            b.Property(f => f.Name).HasColumnName("name");
            b.Property(f => f.Email).HasColumnName("email");
            b.Property(f => f.Phone).HasColumnName("phone");
            b.Property(f => f.Company).HasColumnName("company");
            b.Property(f => f.Message).HasColumnName("message");
            b.Property(f => f.SubmittedAt).HasColumnName("submitted_at");
            b.HasQueryFilter(f => f.TenantId == TenantId);
        });
    }
}

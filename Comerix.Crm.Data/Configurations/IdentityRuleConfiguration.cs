using Comerix.Crm.Matching.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class IdentityRuleConfiguration : IEntityTypeConfiguration<IdentityRule>
{
    public void Configure(EntityTypeBuilder<IdentityRule> builder)
    {
        builder.ToTable("crm_identity_rules");
        builder.HasKey(r => new { r.TenantId, r.Id }).HasName("pk_crm_identity_rules");
        builder.Property(r => r.TenantId).HasColumnName("tenant_id");
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.Name).HasColumnName("name");
        builder.Property(r => r.Position).HasColumnName("position");
        builder.Property(r => r.Enabled).HasColumnName("enabled");
        builder.Property(r => r.Trigger).HasColumnName("trigger");
        builder.Property(r => r.EventType).HasColumnName("event_type");
        builder.Property(r => r.TasksJson).HasColumnName("tasks_json");
        builder.Property(r => r.ConditionsJson).HasColumnName("conditions_json");
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        builder.Property(r => r.UpdatedBy).HasColumnName("updated_by");
        // Recipes import rules by name, so a name is unique within a tenant.
        builder.HasIndex(r => new { r.TenantId, r.Name }).IsUnique().HasDatabaseName("ux_crm_identity_rules_name");
    }
}

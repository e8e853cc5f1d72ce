using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class LifecycleStageConfiguration : IEntityTypeConfiguration<LifecycleStage>
{
    public void Configure(EntityTypeBuilder<LifecycleStage> builder)
    {
        builder.ToTable("crm_lifecycle_stages");
        builder.HasKey(s => new { s.TenantId, s.Key }).HasName("pk_crm_lifecycle_stages");
        builder.Property(s => s.TenantId).HasColumnName("tenant_id");
        builder.Property(s => s.Key).HasColumnName("key");
        builder.Property(s => s.Label).HasColumnName("label");
        builder.Property(s => s.Position).HasColumnName("position");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class StateVersionConfiguration : IEntityTypeConfiguration<StateVersion>
{
    public void Configure(EntityTypeBuilder<StateVersion> builder)
    {
        builder.ToTable("crm_state_versions");
        builder.HasKey(v => new { v.TenantId, v.State }).HasName("pk_crm_state_versions");
        builder.Property(v => v.TenantId).HasColumnName("tenant_id");
        builder.Property(v => v.State).HasColumnName("state");
        builder.Property(v => v.Version).HasColumnName("version");
    }
}

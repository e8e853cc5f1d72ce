using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class IdCounterConfiguration : IEntityTypeConfiguration<IdCounter>
{
    public void Configure(EntityTypeBuilder<IdCounter> builder)
    {
        builder.ToTable("crm_id_counters");
        builder.HasKey(c => new { c.TenantId, c.Name }).HasName("pk_crm_id_counters");
        builder.Property(c => c.TenantId).HasColumnName("tenant_id");
        builder.Property(c => c.Name).HasColumnName("name");
        builder.Property(c => c.NextValue).HasColumnName("next_value");
    }
}

using Comerix.Crm.Erasure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class SuppressionConfiguration : IEntityTypeConfiguration<Suppression>
{
    public void Configure(EntityTypeBuilder<Suppression> builder)
    {
        builder.ToTable("crm_suppressions");
        builder.HasKey(s => new { s.TenantId, s.Hash }).HasName("pk_crm_suppressions");
        builder.Property(s => s.TenantId).HasColumnName("tenant_id");
        builder.Property(s => s.Hash).HasColumnName("hash");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
    }
}

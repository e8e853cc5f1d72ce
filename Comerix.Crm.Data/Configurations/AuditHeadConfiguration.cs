using Comerix.Crm.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable("crm_audit_heads");
        builder.HasKey(h => h.TenantId).HasName("pk_crm_audit_heads");
        builder.Property(h => h.TenantId).HasColumnName("tenant_id");
        builder.Property(h => h.LastSequence).HasColumnName("last_sequence");
        builder.Property(h => h.LastHash).HasColumnName("last_hash");
    }
}

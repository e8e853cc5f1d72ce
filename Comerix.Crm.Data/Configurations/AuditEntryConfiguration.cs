using Comerix.Crm.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("crm_audit_entries");
        builder.HasKey(e => new { e.TenantId, e.Sequence }).HasName("pk_crm_audit_entries");
        builder.Property(e => e.TenantId).HasColumnName("tenant_id");
        builder.Property(e => e.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(e => e.At).HasColumnName("at");
        builder.Property(e => e.Actor).HasColumnName("actor");
        builder.Property(e => e.Action).HasColumnName("action");
        builder.Property(e => e.DetailsJson).HasColumnName("details_json");
        builder.Property(e => e.PreviousHash).HasColumnName("previous_hash");
        builder.Property(e => e.Hash).HasColumnName("hash");
    }
}

using Comerix.Crm.Erasure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ErasureRequestConfiguration : IEntityTypeConfiguration<ErasureRequest>
{
    public void Configure(EntityTypeBuilder<ErasureRequest> builder)
    {
        builder.ToTable("crm_erasure_requests");
        // One request per contact: a second forget of the same person finds it (and reports zero once complete).
        builder.HasKey(r => new { r.TenantId, r.ContactId }).HasName("pk_crm_erasure_requests");
        builder.Property(r => r.TenantId).HasColumnName("tenant_id");
        builder.Property(r => r.ContactId).HasColumnName("contact_id").ValueGeneratedNever();
        builder.Property(r => r.Status).HasColumnName("status");
        builder.Property(r => r.RequestedBy).HasColumnName("requested_by");
        builder.Property(r => r.RequestedAt).HasColumnName("requested_at");
        builder.Property(r => r.CompletedAt).HasColumnName("completed_at");
        builder.Property(r => r.Attempts).HasColumnName("attempts");
        builder.Property(r => r.ErasersDone).HasColumnName("erasers_done");
        builder.Property(r => r.CountsJson).HasColumnName("counts_json");
        builder.Property(r => r.LastError).HasColumnName("last_error");
        builder.Property(r => r.Suppress).HasColumnName("suppress");
        builder.HasIndex(r => new { r.TenantId, r.Status }).HasDatabaseName("ix_crm_erasure_requests_status");
    }
}

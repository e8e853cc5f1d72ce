using Comerix.Crm.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class MergeReviewItemConfiguration : IEntityTypeConfiguration<MergeReviewItem>
{
    public void Configure(EntityTypeBuilder<MergeReviewItem> builder)
    {
        builder.ToTable("crm_merge_reviews");
        builder.HasKey(r => new { r.TenantId, r.Id }).HasName("pk_crm_merge_reviews");
        builder.Property(r => r.TenantId).HasColumnName("tenant_id");
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.ContactLowId).HasColumnName("contact_low_id");
        builder.Property(r => r.ContactHighId).HasColumnName("contact_high_id");
        builder.Property(r => r.PrimaryContactId).HasColumnName("primary_contact_id");
        builder.Property(r => r.ReasonCode).HasColumnName("reason_code");
        builder.Property(r => r.Reason).HasColumnName("reason");
        builder.Property(r => r.EvidenceEventId).HasColumnName("evidence_event_id");
        builder.Property(r => r.Status).HasColumnName("status");
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        builder.Property(r => r.DecidedAt).HasColumnName("decided_at");
        builder.Property(r => r.DecidedBy).HasColumnName("decided_by");
        // A pair is queued once, ever: a rejected pair is never queued again.
        builder.HasIndex(r => new { r.TenantId, r.ContactLowId, r.ContactHighId }).IsUnique().HasDatabaseName("ux_crm_merge_reviews_pair");
        builder.HasIndex(r => new { r.TenantId, r.Status, r.CreatedAt }).HasDatabaseName("ix_crm_merge_reviews_queue");
    }
}

using Comerix.Crm.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class MergeHistoryEntryConfiguration : IEntityTypeConfiguration<MergeHistoryEntry>
{
    public void Configure(EntityTypeBuilder<MergeHistoryEntry> builder)
    {
        builder.ToTable("crm_merge_history");
        builder.HasKey(m => new { m.TenantId, m.Id }).HasName("pk_crm_merge_history");
        builder.Property(m => m.TenantId).HasColumnName("tenant_id");
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(m => m.SurvivorId).HasColumnName("survivor_id");
        builder.Property(m => m.MergedId).HasColumnName("merged_id");
        builder.Property(m => m.Kind).HasColumnName("kind");
        builder.Property(m => m.Actor).HasColumnName("actor");
        builder.Property(m => m.Reason).HasColumnName("reason");
        builder.Property(m => m.EvidenceEventId).HasColumnName("evidence_event_id");
        builder.Property(m => m.MergedAt).HasColumnName("merged_at");
        builder.Property(m => m.SurvivorBeforeJson).HasColumnName("survivor_before_json");
        builder.Property(m => m.SurvivorStageBefore).HasColumnName("survivor_stage_before");
        builder.Property(m => m.SurvivorOwnerBefore).HasColumnName("survivor_owner_before");
        builder.Property(m => m.State).HasColumnName("state");
        builder.Property(m => m.UndoneAt).HasColumnName("undone_at");
        builder.Property(m => m.UndoneBy).HasColumnName("undone_by");
        // "Has the survivor taken anyone in since?" and "which merge made this tombstone?".
        builder.HasIndex(m => new { m.TenantId, m.SurvivorId, m.MergedAt }).HasDatabaseName("ix_crm_merge_history_survivor");
        builder.HasIndex(m => new { m.TenantId, m.MergedId }).HasDatabaseName("ix_crm_merge_history_merged");
    }
}

internal sealed class MergeHistoryRowConfiguration : IEntityTypeConfiguration<MergeHistoryRow>
{
    public void Configure(EntityTypeBuilder<MergeHistoryRow> builder)
    {
        builder.ToTable("crm_merge_history_rows");
        builder.HasKey(r => new { r.TenantId, r.MergeId, r.Kind, r.RefId, r.RefKey, r.RefValue }).HasName("pk_crm_merge_history_rows");
        builder.Property(r => r.TenantId).HasColumnName("tenant_id");
        builder.Property(r => r.MergeId).HasColumnName("merge_id");
        builder.Property(r => r.Kind).HasColumnName("kind");
        builder.Property(r => r.RefId).HasColumnName("ref_id");
        builder.Property(r => r.RefKey).HasColumnName("ref_key");
        builder.Property(r => r.RefValue).HasColumnName("ref_value");
        builder.Property(r => r.At).HasColumnName("ref_at");
        builder.Property(r => r.By).HasColumnName("ref_by");
        builder.Property(r => r.AddedToSurvivor).HasColumnName("added_to_survivor");
        builder.HasOne<MergeHistoryEntry>().WithMany().HasForeignKey(r => new { r.TenantId, r.MergeId })
            .HasConstraintName("fk_crm_merge_history_rows_merge").OnDelete(DeleteBehavior.Cascade);
    }
}

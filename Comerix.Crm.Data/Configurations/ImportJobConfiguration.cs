using Comerix.Crm.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("crm_import_jobs");
        builder.HasKey(j => new { j.TenantId, j.Id }).HasName("pk_crm_import_jobs");
        builder.Property(j => j.TenantId).HasColumnName("tenant_id");
        builder.Property(j => j.Id).HasColumnName("id");
        builder.Property(j => j.FileName).HasColumnName("file_name");
        builder.Property(j => j.Status).HasColumnName("status");
        builder.Property(j => j.Content).HasColumnName("content");
        builder.Property(j => j.HeaderJson).HasColumnName("header_json");
        builder.Property(j => j.MappingJson).HasColumnName("mapping_json");
        builder.Property(j => j.TotalRows).HasColumnName("total_rows");
        // Two sites sharing a database both run imports: progress is claimed slice by slice, and the runner whose
        // update finds the count moved on stops (the other has the job).
        builder.Property(j => j.Processed).HasColumnName("processed").IsConcurrencyToken();
        builder.Property(j => j.Created).HasColumnName("created");
        builder.Property(j => j.Attached).HasColumnName("attached");
        builder.Property(j => j.Merged).HasColumnName("merged");
        builder.Property(j => j.QueuedForReview).HasColumnName("queued_for_review");
        builder.Property(j => j.AlreadyImported).HasColumnName("already_imported");
        builder.Property(j => j.Failed).HasColumnName("failed");
        builder.Property(j => j.ErrorsJson).HasColumnName("errors_json");
        builder.Property(j => j.CreatedBy).HasColumnName("created_by");
        builder.Property(j => j.CreatedAt).HasColumnName("created_at");
        builder.Property(j => j.StartedAt).HasColumnName("started_at");
        builder.Property(j => j.FinishedAt).HasColumnName("finished_at");
        builder.HasIndex(j => new { j.TenantId, j.Status }).HasDatabaseName("ix_crm_import_jobs_status");
    }
}

using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class BulkRunConfiguration : IEntityTypeConfiguration<BulkRun>
{
    public void Configure(EntityTypeBuilder<BulkRun> builder)
    {
        builder.ToTable("crm_bulk_runs");
        builder.HasKey(r => new { r.TenantId, r.Id }).HasName("pk_crm_bulk_runs");
        builder.Property(r => r.TenantId).HasColumnName("tenant_id");
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.Action).HasColumnName("action");
        builder.Property(r => r.Total).HasColumnName("total");
        builder.Property(r => r.Done).HasColumnName("done");
        builder.Property(r => r.State).HasColumnName("state");
        builder.Property(r => r.Message).HasColumnName("message");
        builder.Property(r => r.StartedBy).HasColumnName("started_by");
        builder.Property(r => r.StartedAt).HasColumnName("started_at");
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at");
    }
}

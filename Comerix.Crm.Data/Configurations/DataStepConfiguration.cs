using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class DataStepConfiguration : IEntityTypeConfiguration<DataStep>
{
    public void Configure(EntityTypeBuilder<DataStep> builder)
    {
        builder.ToTable("crm_data_steps");
        builder.HasKey(s => new { s.TenantId, s.Step }).HasName("pk_crm_data_steps");
        builder.Property(s => s.TenantId).HasColumnName("tenant_id");
        builder.Property(s => s.Step).HasColumnName("step");
        builder.Property(s => s.CompletedAt).HasColumnName("completed_at");
    }
}

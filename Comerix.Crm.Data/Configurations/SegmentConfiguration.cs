using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> builder)
    {
        builder.ToTable("crm_segments");
        builder.HasKey(s => new { s.TenantId, s.Id }).HasName("pk_crm_segments");
        builder.Property(s => s.TenantId).HasColumnName("tenant_id");
        builder.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(s => s.Name).HasColumnName("name");
        builder.Property(s => s.NameKey).HasColumnName("name_key");
        builder.Property(s => s.Match).HasColumnName("match");
        builder.Property(s => s.ConditionsJson).HasColumnName("conditions_json");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.CreatedBy).HasColumnName("created_by");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
        builder.Property(s => s.UpdatedBy).HasColumnName("updated_by");
        // Two people saving "VIP" at once make one segment, not two.
        builder.HasIndex(s => new { s.TenantId, s.NameKey }).IsUnique().HasDatabaseName("ux_crm_segments_name");
    }
}

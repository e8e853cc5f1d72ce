using Comerix.Crm.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ActivityCountConfiguration : IEntityTypeConfiguration<ActivityCount>
{
    public void Configure(EntityTypeBuilder<ActivityCount> builder)
    {
        builder.ToTable("crm_activity_counts");
        builder.HasKey(c => new { c.TenantId, c.BucketStart }).HasName("pk_crm_activity_counts");
        builder.Property(c => c.TenantId).HasColumnName("tenant_id");
        builder.Property(c => c.BucketStart).HasColumnName("bucket_start");
        builder.Property(c => c.Events).HasColumnName("events");
        builder.Property(c => c.Conversions).HasColumnName("conversions");
        builder.Property(c => c.NewContacts).HasColumnName("new_contacts");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("crm_data_protection_keys");
        builder.HasKey(k => k.Name).HasName("pk_crm_data_protection_keys");
        builder.Property(k => k.Name).HasColumnName("name");
        builder.Property(k => k.Element).HasColumnName("element");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
    }
}

using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ContactCountConfiguration : IEntityTypeConfiguration<ContactCount>
{
    public void Configure(EntityTypeBuilder<ContactCount> builder)
    {
        builder.ToTable("crm_contact_counts");
        builder.HasKey(c => new { c.TenantId, c.IsIdentified, c.Source }).HasName("pk_crm_contact_counts");
        builder.Property(c => c.TenantId).HasColumnName("tenant_id");
        builder.Property(c => c.IsIdentified).HasColumnName("is_identified");
        builder.Property(c => c.Source).HasColumnName("source");
        builder.Property(c => c.Contacts).HasColumnName("contacts");
    }
}

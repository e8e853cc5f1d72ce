using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ContactLinkConfiguration : IEntityTypeConfiguration<ContactLink>
{
    public void Configure(EntityTypeBuilder<ContactLink> builder)
    {
        builder.ToTable("crm_contact_links");
        builder.HasKey(l => new { l.TenantId, l.RecordKind, l.RecordId }).HasName("pk_crm_contact_links");
        builder.Property(l => l.TenantId).HasColumnName("tenant_id");
        builder.Property(l => l.RecordKind).HasColumnName("record_kind");
        builder.Property(l => l.RecordId).HasColumnName("record_id");
        builder.Property(l => l.ContactId).HasColumnName("contact_id");
        builder.Property(l => l.FirstSeen).HasColumnName("first_seen");
        builder.HasIndex(l => new { l.TenantId, l.ContactId, l.RecordKind }).HasDatabaseName("ix_crm_contact_links_contact");
        builder.HasOne<Contact>().WithMany()
            .HasForeignKey(l => new { l.TenantId, l.ContactId })
            .HasPrincipalKey(c => new { c.TenantId, c.Id })
            .HasConstraintName("fk_crm_contact_links_contact")
            .OnDelete(DeleteBehavior.Restrict);
    }
}

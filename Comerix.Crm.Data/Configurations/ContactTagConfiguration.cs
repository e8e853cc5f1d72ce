using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ContactTagConfiguration : IEntityTypeConfiguration<ContactTag>
{
    public void Configure(EntityTypeBuilder<ContactTag> builder)
    {
        builder.ToTable("crm_contact_tags");
        // One tag per contact and key: adding "vip" to someone tagged "VIP" cannot make a second row.
        builder.HasKey(t => new { t.TenantId, t.ContactId, t.Key }).HasName("pk_crm_contact_tags");
        builder.Property(t => t.TenantId).HasColumnName("tenant_id");
        builder.Property(t => t.ContactId).HasColumnName("contact_id");
        builder.Property(t => t.Key).HasColumnName("key");
        builder.Property(t => t.Label).HasColumnName("label");
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.CreatedBy).HasColumnName("created_by");
        builder.HasIndex(t => new { t.TenantId, t.Key, t.ContactId }).HasDatabaseName("ix_crm_contact_tags_key");
        builder.HasOne<Contact>().WithMany()
            .HasForeignKey(t => new { t.TenantId, t.ContactId })
            .HasPrincipalKey(c => new { c.TenantId, c.Id })
            .HasConstraintName("fk_crm_contact_tags_contact")
            .OnDelete(DeleteBehavior.Restrict);
    }
}

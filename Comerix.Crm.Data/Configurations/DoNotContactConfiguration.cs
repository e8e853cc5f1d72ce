using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class DoNotContactConfiguration : IEntityTypeConfiguration<DoNotContact>
{
    public void Configure(EntityTypeBuilder<DoNotContact> builder)
    {
        builder.ToTable("crm_do_not_contact");
        // At most one per contact: marking twice cannot make two rows.
        builder.HasKey(d => new { d.TenantId, d.ContactId }).HasName("pk_crm_do_not_contact");
        builder.Property(d => d.TenantId).HasColumnName("tenant_id");
        builder.Property(d => d.ContactId).HasColumnName("contact_id");
        builder.Property(d => d.Reason).HasColumnName("reason");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");
        builder.Property(d => d.CreatedBy).HasColumnName("created_by");
        builder.HasOne<Contact>().WithMany()
            .HasForeignKey(d => new { d.TenantId, d.ContactId })
            .HasPrincipalKey(c => new { c.TenantId, c.Id })
            .HasConstraintName("fk_crm_do_not_contact_contact")
            .OnDelete(DeleteBehavior.Restrict);
    }
}

using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class IdentifierConfiguration : IEntityTypeConfiguration<Identifier>
{
    public void Configure(EntityTypeBuilder<Identifier> builder)
    {
        // The key is the invariant: one (tenant, type, value) exists once, so it belongs to exactly one contact.
        builder.ToTable("crm_identifiers", t => t.HasCheckConstraint("ck_crm_identifiers_live", "contact_state = 'live'"));
        builder.HasKey(i => new { i.TenantId, i.Type, i.Value }).HasName("pk_crm_identifiers");
        builder.Property(i => i.TenantId).HasColumnName("tenant_id");
        builder.Property(i => i.Type).HasColumnName("type");
        builder.Property(i => i.Value).HasColumnName("value");
        builder.Property(i => i.DisplayValue).HasColumnName("display_value");
        builder.Property(i => i.ContactId).HasColumnName("contact_id");
        builder.Property(i => i.ContactState).HasColumnName("contact_state");
        builder.Property(i => i.Verified).HasColumnName("verified");
        builder.Property(i => i.FirstSeen).HasColumnName("first_seen");
        builder.HasOne<Contact>().WithMany()
            .HasForeignKey(i => new { i.TenantId, i.ContactId, i.ContactState })
            .HasPrincipalKey(c => new { c.TenantId, c.Id, c.State })
            .HasConstraintName("fk_crm_identifiers_live_contact")
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.TenantId, i.ContactId, i.ContactState }).HasDatabaseName("ix_crm_identifiers_contact");
    }
}

using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("crm_contacts");
        builder.HasKey(c => new { c.TenantId, c.Id }).HasName("pk_crm_contacts");
        // (tenant, id, state) is what identifiers reference: a contact that still has identifiers cannot stop being live.
        builder.HasAlternateKey(c => new { c.TenantId, c.Id, c.State }).HasName("ak_crm_contacts_live");
        builder.Property(c => c.TenantId).HasColumnName("tenant_id");
        builder.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(c => c.State).HasColumnName("state");
        builder.Property(c => c.MergedIntoId).HasColumnName("merged_into_id");
        builder.Property(c => c.DisplayName).HasColumnName("display_name");
        builder.Property(c => c.Email).HasColumnName("email");
        builder.Property(c => c.Phone).HasColumnName("phone");
        builder.Property(c => c.Company).HasColumnName("company");
        builder.Property(c => c.Source).HasColumnName("source");
        builder.Property(c => c.IsIdentified).HasColumnName("is_identified");
        builder.Property(c => c.FirstSeen).HasColumnName("first_seen");
        builder.Property(c => c.TraitsJson).HasColumnName("traits_json");
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        // When the contact was last seen lives in a narrow table of its own (SeenTimesApart): most events change that
        // and nothing else, and rewriting it there leaves the contact's row and indexes alone. Its index is the
        // Contacts list's order, walked newest-first by every filter.
        builder.Ignore(c => c.LastSeen);
        builder.OwnsOne(c => c.Seen, seen =>
        {
            seen.ToTable("crm_contact_seen");
            seen.WithOwner().HasForeignKey("TenantId", "ContactId");
            seen.Property<string>("TenantId").HasColumnName("tenant_id");
            seen.Property<long>("ContactId").HasColumnName("contact_id");
            seen.HasKey("TenantId", "ContactId").HasName("PK_crm_contact_seen");
            seen.Property(s => s.LastSeen).HasColumnName("last_seen");
            seen.HasIndex("TenantId", nameof(ContactSeen.LastSeen)).HasDatabaseName("ix_crm_contact_seen_recent");
        });
        builder.Navigation(c => c.Seen).IsRequired();
        builder.HasIndex(c => new { c.TenantId, c.MergedIntoId }).HasDatabaseName("ix_crm_contacts_merged_into");
    }
}

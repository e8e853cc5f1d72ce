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
        builder.Property(c => c.LastSeen).HasColumnName("last_seen");
        builder.Property(c => c.TraitsJson).HasColumnName("traits_json");
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        // Walked newest-first by every list filter: audience and source are read from the index itself, so a page
        // (and a filtered count) never touches the table; the id too, for a segment's "id in these members" tests
        // (migration Segments).
        builder.HasIndex(c => new { c.TenantId, c.State, c.LastSeen, c.IsIdentified, c.Source, c.Id }).HasDatabaseName("ix_crm_contacts_recent");
        builder.HasIndex(c => new { c.TenantId, c.MergedIntoId }).HasDatabaseName("ix_crm_contacts_merged_into");
        // Whether the contact is marked do not contact, copied from crm_do_not_contact by that table's triggers
        // (migration DoNotContactOnContacts): the app never writes it, so no path can set it out of step with the marks.
        // It lets the marked be a range of their own partial index, in the list's order, instead of a row lookup each.
        var marked = builder.Property<bool>(ContactColumns.MarkedDoNotContact).HasColumnName("do_not_contact")
            .HasDefaultValue(false).HasSentinel(false).ValueGeneratedNever().Metadata;
        marked.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        marked.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        builder.HasIndex([nameof(Contact.TenantId), nameof(Contact.State), nameof(Contact.LastSeen), nameof(Contact.IsIdentified), nameof(Contact.Source), nameof(Contact.Id)],
                "ix_crm_contacts_do_not_contact")
            .HasFilter("do_not_contact");
        // The team's working fields (issue 19): stored here for the list's filters, but not the engine's vocabulary, so
        // the engine's Contact does not carry them and its writes never touch them. The directory sets them by statement.
        builder.Property<string?>(ContactColumns.Stage).HasColumnName("stage");
        builder.Property<string?>(ContactColumns.Owner).HasColumnName("owner_name");
        // Audience, source and id ride along, as in ix_crm_contacts_recent: "at stage X" or "owned by Y" (and, subtracted from
        // the kept counts, "no stage" and "unassigned") are counted from these partial indexes alone.
        builder.HasIndex([nameof(Contact.TenantId), nameof(Contact.State), ContactColumns.Stage, nameof(Contact.LastSeen), nameof(Contact.IsIdentified), nameof(Contact.Source), nameof(Contact.Id)],
                "ix_crm_contacts_stage")
            .HasFilter("stage IS NOT NULL");
        builder.HasIndex([nameof(Contact.TenantId), nameof(Contact.State), ContactColumns.Owner, nameof(Contact.LastSeen), nameof(Contact.IsIdentified), nameof(Contact.Source), nameof(Contact.Id)],
                "ix_crm_contacts_owner")
            .HasFilter("owner_name IS NOT NULL");
    }
}

using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class CustomFieldConfiguration : IEntityTypeConfiguration<CustomField>
{
    public void Configure(EntityTypeBuilder<CustomField> builder)
    {
        builder.ToTable("crm_custom_fields");
        // One field per key: two managers adding "plan" at once cannot make two.
        builder.HasKey(f => new { f.TenantId, f.Key }).HasName("pk_crm_custom_fields");
        builder.Property(f => f.TenantId).HasColumnName("tenant_id");
        builder.Property(f => f.Key).HasColumnName("key");
        builder.Property(f => f.Label).HasColumnName("label");
        builder.Property(f => f.Type).HasColumnName("type");
        builder.Property(f => f.HelpText).HasColumnName("help_text");
        builder.Property(f => f.OptionsJson).HasColumnName("options_json");
        builder.Property(f => f.Position).HasColumnName("position");
        builder.Property(f => f.CreatedAt).HasColumnName("created_at");
        builder.Property(f => f.CreatedBy).HasColumnName("created_by");
    }
}

internal sealed class ContactFieldValueConfiguration : IEntityTypeConfiguration<ContactFieldValue>
{
    public void Configure(EntityTypeBuilder<ContactFieldValue> builder)
    {
        builder.ToTable("crm_contact_field_values");
        builder.HasKey(v => new { v.TenantId, v.ContactId, v.FieldKey }).HasName("pk_crm_contact_field_values");
        builder.Property(v => v.TenantId).HasColumnName("tenant_id");
        builder.Property(v => v.ContactId).HasColumnName("contact_id");
        builder.Property(v => v.FieldKey).HasColumnName("field_key");
        builder.Property(v => v.Value).HasColumnName("value");
        builder.Property(v => v.UpdatedAt).HasColumnName("updated_at");
        builder.Property(v => v.UpdatedBy).HasColumnName("updated_by");
        // Finding the contacts with a value of a field (and deleting them with it) walks this index, not every value.
        builder.HasIndex(v => new { v.TenantId, v.FieldKey, v.Value }).HasDatabaseName("ix_crm_contact_field_values_field");
        builder.HasOne<Contact>().WithMany()
            .HasForeignKey(v => new { v.TenantId, v.ContactId })
            .HasPrincipalKey(c => new { c.TenantId, c.Id })
            .HasConstraintName("fk_crm_contact_field_values_contact")
            .OnDelete(DeleteBehavior.Restrict);
        // Deleting a field deletes its values, in the database, whoever deletes it.
        builder.HasOne<CustomField>().WithMany()
            .HasForeignKey(v => new { v.TenantId, v.FieldKey })
            .HasPrincipalKey(f => new { f.TenantId, f.Key })
            .HasConstraintName("fk_crm_contact_field_values_field")
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ListColumnChoiceConfiguration : IEntityTypeConfiguration<ListColumnChoice>
{
    public void Configure(EntityTypeBuilder<ListColumnChoice> builder)
    {
        builder.ToTable("crm_list_columns");
        // One choice per user: saving again replaces it.
        builder.HasKey(c => new { c.TenantId, c.UserName }).HasName("pk_crm_list_columns");
        builder.Property(c => c.TenantId).HasColumnName("tenant_id");
        builder.Property(c => c.UserName).HasColumnName("user_name");
        builder.Property(c => c.ColumnsJson).HasColumnName("columns_json");
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
    }
}

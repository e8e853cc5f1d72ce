using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ContactActivityConfiguration : IEntityTypeConfiguration<ContactActivity>
{
    public void Configure(EntityTypeBuilder<ContactActivity> builder)
    {
        builder.ToTable("crm_activities");
        builder.HasKey(a => new { a.TenantId, a.Id }).HasName("pk_crm_activities");
        builder.Property(a => a.TenantId).HasColumnName("tenant_id");
        builder.Property(a => a.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(a => a.EventId).HasColumnName("event_id");
        builder.Property(a => a.ContactId).HasColumnName("contact_id");
        builder.Property(a => a.Type).HasColumnName("type");
        builder.Property(a => a.Source).HasColumnName("source");
        builder.Property(a => a.OccurredAt).HasColumnName("occurred_at");
        builder.Property(a => a.ReceivedAt).HasColumnName("received_at");
        builder.Property(a => a.RecordKind).HasColumnName("record_kind");
        builder.Property(a => a.RecordId).HasColumnName("record_id");
        builder.Property(a => a.ConversionValue).HasColumnName("conversion_value");
        builder.Property(a => a.Currency).HasColumnName("currency");
        builder.Property(a => a.PayloadJson).HasColumnName("payload_json");
        builder.Property(a => a.ClaimKeys).HasColumnName("claim_keys");
        // Idempotency: an event id is stored once per tenant, whoever races to insert it.
        builder.HasIndex(a => new { a.TenantId, a.EventId }).IsUnique().HasDatabaseName("ux_crm_activities_event");
        builder.HasIndex(a => new { a.TenantId, a.ContactId, a.OccurredAt }).HasDatabaseName("ix_crm_activities_timeline");
        // A segment's activity conditions: events of a type in a window, each one's contact and value from the index alone.
        builder.HasIndex(a => new { a.TenantId, a.Type, a.OccurredAt, a.ContactId, a.ConversionValue }).HasDatabaseName("ix_crm_activities_type");
        builder.HasOne<Contact>().WithMany()
            .HasForeignKey(a => new { a.TenantId, a.ContactId })
            .HasPrincipalKey(c => new { c.TenantId, c.Id })
            .HasConstraintName("fk_crm_activities_contact")
            .OnDelete(DeleteBehavior.Restrict);
    }
}

using Comerix.Crm.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("crm_webhook_deliveries");
        builder.HasKey(d => new { d.TenantId, d.EndpointId, d.Id }).HasName("pk_crm_webhook_deliveries");
        builder.Property(d => d.TenantId).HasColumnName("tenant_id");
        builder.Property(d => d.EndpointId).HasColumnName("endpoint_id");
        builder.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(d => d.MessageId).HasColumnName("message_id");
        builder.Property(d => d.EventType).HasColumnName("event_type");
        builder.Property(d => d.ContactId).HasColumnName("contact_id");
        builder.Property(d => d.OtherContactId).HasColumnName("other_contact_id");
        builder.Property(d => d.PayloadJson).HasColumnName("payload_json");
        builder.Property(d => d.Status).HasColumnName("status");
        builder.Property(d => d.Attempts).HasColumnName("attempts");
        builder.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(d => d.GiveUpAt).HasColumnName("give_up_at");
        builder.Property(d => d.LastAttemptAt).HasColumnName("last_attempt_at");
        builder.Property(d => d.LastStatusCode).HasColumnName("last_status_code");
        builder.Property(d => d.LastError).HasColumnName("last_error");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");
        builder.Property(d => d.DeliveredAt).HasColumnName("delivered_at");
        // The worker's scan across tenants: what is due now.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt }).HasDatabaseName("ix_crm_webhook_deliveries_due");
        // Order per contact (an earlier pending delivery holds the later ones back) and the erasure's purge.
        builder.HasIndex(d => new { d.TenantId, d.ContactId }).HasDatabaseName("ix_crm_webhook_deliveries_contact");
        builder.HasIndex(d => new { d.TenantId, d.OtherContactId }).HasDatabaseName("ix_crm_webhook_deliveries_other_contact");
        builder.HasOne<WebhookEndpoint>().WithMany()
            .HasForeignKey(d => new { d.TenantId, d.EndpointId })
            .HasPrincipalKey(e => new { e.TenantId, e.Id })
            .HasConstraintName("fk_crm_webhook_deliveries_endpoint")
            .OnDelete(DeleteBehavior.Cascade);
    }
}

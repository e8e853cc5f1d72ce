using Comerix.Crm.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("crm_webhook_endpoints");
        builder.HasKey(e => new { e.TenantId, e.Id }).HasName("pk_crm_webhook_endpoints");
        builder.Property(e => e.TenantId).HasColumnName("tenant_id");
        builder.Property(e => e.Id).HasColumnName("id");
        builder.Property(e => e.Url).HasColumnName("url");
        builder.Property(e => e.EventTypes).HasColumnName("event_types");
        builder.Property(e => e.ProtectedSecret).HasColumnName("secret");
        builder.Property(e => e.State).HasColumnName("state");
        builder.Property(e => e.FailingSince).HasColumnName("failing_since");
        builder.Property(e => e.LastSuccessAt).HasColumnName("last_success_at");
        builder.Property(e => e.CreatedAt).HasColumnName("created_at");
        builder.Property(e => e.CreatedBy).HasColumnName("created_by");
        builder.Ignore(e => e.EventTypeList);
    }
}

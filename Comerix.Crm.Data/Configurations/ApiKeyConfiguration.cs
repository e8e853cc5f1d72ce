using Comerix.Crm.Api.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("crm_api_keys");
        builder.HasKey(k => new { k.TenantId, k.Id }).HasName("pk_crm_api_keys");
        builder.Property(k => k.TenantId).HasColumnName("tenant_id");
        builder.Property(k => k.Id).HasColumnName("id");
        builder.Property(k => k.Name).HasColumnName("name");
        builder.Property(k => k.SecretHash).HasColumnName("secret_hash");
        builder.Property(k => k.Scopes).HasColumnName("scopes");
        builder.Property(k => k.Kind).HasColumnName("kind");
        builder.Property(k => k.AllowedOrigins).HasColumnName("allowed_origins");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.CreatedBy).HasColumnName("created_by");
        builder.Property(k => k.LastUsedAt).HasColumnName("last_used_at");
        builder.Property(k => k.RevokedAt).HasColumnName("revoked_at");
        builder.Property(k => k.RevokedBy).HasColumnName("revoked_by");
    }
}

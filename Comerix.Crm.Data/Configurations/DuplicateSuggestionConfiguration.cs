using Comerix.Crm.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class DuplicateSuggestionConfiguration : IEntityTypeConfiguration<DuplicateSuggestion>
{
    public void Configure(EntityTypeBuilder<DuplicateSuggestion> builder)
    {
        // One row a pair: a dismissed pair is never proposed again, because the finder's upsert leaves it as it is.
        builder.ToTable("crm_duplicate_suggestions");
        builder.HasKey(s => new { s.TenantId, s.ContactLowId, s.ContactHighId }).HasName("pk_crm_duplicate_suggestions");
        builder.Property(s => s.TenantId).HasColumnName("tenant_id");
        builder.Property(s => s.ContactLowId).HasColumnName("contact_low_id");
        builder.Property(s => s.ContactHighId).HasColumnName("contact_high_id");
        builder.Property(s => s.Score).HasColumnName("score");
        builder.Property(s => s.ReasonsJson).HasColumnName("reasons_json");
        builder.Property(s => s.Status).HasColumnName("status");
        builder.Property(s => s.FoundAt).HasColumnName("found_at");
        builder.Property(s => s.DecidedAt).HasColumnName("decided_at");
        builder.Property(s => s.DecidedBy).HasColumnName("decided_by");
        builder.HasIndex(s => new { s.TenantId, s.Status, s.Score }).HasDatabaseName("ix_crm_duplicate_suggestions_status");
        // "1 potential duplicate" on a profile looks a contact up on either side.
        builder.HasIndex(s => new { s.TenantId, s.ContactHighId }).HasDatabaseName("ix_crm_duplicate_suggestions_high");
    }
}

internal sealed class DuplicateSettingsConfiguration : IEntityTypeConfiguration<DuplicateSettings>
{
    public void Configure(EntityTypeBuilder<DuplicateSettings> builder)
    {
        builder.ToTable("crm_duplicate_settings");
        builder.HasKey(s => s.TenantId).HasName("pk_crm_duplicate_settings");
        builder.Property(s => s.TenantId).HasColumnName("tenant_id");
        builder.Property(s => s.TraitKeys).HasColumnName("trait_keys");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
        builder.Property(s => s.UpdatedBy).HasColumnName("updated_by");
    }
}

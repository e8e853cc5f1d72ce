using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.ToTable("crm_saved_views");
        // One view per tenant and name, whatever its case: two people saving "VIP" at once make one, not two.
        builder.HasKey(v => new { v.TenantId, v.Key }).HasName("pk_crm_saved_views");
        builder.Property(v => v.TenantId).HasColumnName("tenant_id");
        builder.Property(v => v.Key).HasColumnName("key");
        builder.Property(v => v.Name).HasColumnName("name");
        builder.Property(v => v.Audience).HasColumnName("audience");
        builder.Property(v => v.Source).HasColumnName("source");
        builder.Property(v => v.Tag).HasColumnName("tag");
        builder.Property(v => v.Seen).HasColumnName("seen");
        builder.Property(v => v.Contactable).HasColumnName("contactable");
        builder.Property(v => v.Stage).HasColumnName("stage");
        builder.Property(v => v.Owner).HasColumnName("owner_name");
        builder.Property(v => v.CreatedAt).HasColumnName("created_at");
        builder.Property(v => v.CreatedBy).HasColumnName("created_by");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Comerix.Crm.Data.Configurations;

internal sealed class SiteProcessConfiguration : IEntityTypeConfiguration<SiteProcess>
{
    public void Configure(EntityTypeBuilder<SiteProcess> builder)
    {
        builder.ToTable("crm_site_processes");
        builder.HasKey(p => p.Id).HasName("pk_crm_site_processes");
        builder.Property(p => p.Id).HasColumnName("process_id");
        builder.Property(p => p.Machine).HasColumnName("machine");
        builder.Property(p => p.StartedAt).HasColumnName("started_at");
        builder.Property(p => p.SeenAt).HasColumnName("seen_at");
    }
}

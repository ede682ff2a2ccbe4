using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Regions;

internal sealed class LeerregioConfiguration : IEntityTypeConfiguration<Leerregio>
{
    public void Configure(EntityTypeBuilder<Leerregio> b)
    {
        b.Property(x => x.Slug).HasMaxLength(60);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => x.Slug).IsUnique();
    }
}

internal sealed class GemeenteConfiguration : IEntityTypeConfiguration<Gemeente>
{
    public void Configure(EntityTypeBuilder<Gemeente> b)
    {
        b.Property(x => x.Code).HasMaxLength(6);
        b.Property(x => x.Name).HasMaxLength(200);
        // A code is unique within one CBS division year, not across years.
        b.HasIndex(x => new { x.Code, x.DivisionYear }).IsUnique();
    }
}

internal sealed class WijkConfiguration : IEntityTypeConfiguration<Wijk>
{
    public void Configure(EntityTypeBuilder<Wijk> b)
    {
        b.Property(x => x.Code).HasMaxLength(8);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => new { x.Code, x.DivisionYear }).IsUnique();
        b.HasIndex(x => x.LeerregioId);
        b.HasOne(x => x.Gemeente).WithMany(x => x.Wijken).HasForeignKey(x => x.GemeenteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Leerregio).WithMany(x => x.Wijken).HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BuurtConfiguration : IEntityTypeConfiguration<Buurt>
{
    public void Configure(EntityTypeBuilder<Buurt> b)
    {
        b.Property(x => x.Code).HasMaxLength(10);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => new { x.Code, x.DivisionYear }).IsUnique();
        b.HasIndex(x => x.LeerregioId);
        b.HasOne(x => x.Wijk).WithMany(x => x.Buurten).HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Welcome;

internal sealed class WelcomeRouteConfiguration : IEntityTypeConfiguration<WelcomeRoute>
{
    public void Configure(EntityTypeBuilder<WelcomeRoute> b)
    {
        b.ToTable("welcome_routes");
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.HasIndex(x => x.CodeHash).IsUnique();
        b.Property(x => x.Interests).HasMaxLength(WelcomeRoute.MaxCodes);
        b.Property(x => x.Situations).HasMaxLength(WelcomeRoute.MaxCodes);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WelcomeLetter>().WithMany().HasForeignKey(x => x.LetterId).OnDelete(DeleteBehavior.SetNull);
        // The Monitor counts per leerregio and month; retention looks for expired ones.
        b.HasIndex(x => new { x.LeerregioId, x.CreatedAt });
        b.HasIndex(x => x.ExpiresAt);
    }
}

internal sealed class WelcomeLetterBatchConfiguration : IEntityTypeConfiguration<WelcomeLetterBatch>
{
    public void Configure(EntityTypeBuilder<WelcomeLetterBatch> b)
    {
        b.ToTable("welcome_letter_batches");
        b.Property(x => x.FileName).HasMaxLength(WelcomeLetterBatch.MaxFileName);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LeerregioId, x.CreatedAt });
    }
}

internal sealed class WelcomeLetterConfiguration : IEntityTypeConfiguration<WelcomeLetter>
{
    public void Configure(EntityTypeBuilder<WelcomeLetter> b)
    {
        b.ToTable("welcome_letters");
        b.Property(x => x.Street).HasMaxLength(WelcomeLetter.MaxStreet);
        b.Property(x => x.HouseNumber).HasMaxLength(WelcomeLetter.MaxNumber);
        b.Property(x => x.Postcode).HasMaxLength(7);
        b.Property(x => x.City).HasMaxLength(WelcomeLetter.MaxCity);
        b.Property(x => x.Code).HasMaxLength(8);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasOne<WelcomeLetterBatch>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LeerregioId, x.UsedAt });
    }
}

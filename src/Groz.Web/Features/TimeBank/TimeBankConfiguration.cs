using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.TimeBank;

internal sealed class TimeBankSettingsConfiguration : IEntityTypeConfiguration<TimeBankSettings>
{
    public void Configure(EntityTypeBuilder<TimeBankSettings> b)
    {
        b.ToTable("timebank_settings");
        b.HasIndex(x => x.LeerregioId).IsUnique();
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimeAccountConfiguration : IEntityTypeConfiguration<TimeAccount>
{
    public void Configure(EntityTypeBuilder<TimeAccount> b)
    {
        b.ToTable("timebank_accounts");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        // One account per member per leerregio (system accounts have no user; NULLs do not collide).
        b.HasIndex(x => new { x.LeerregioId, x.Kind, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> b)
    {
        b.ToTable("timebank_transfers");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Description).HasMaxLength(500);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TimeAccount>().WithMany().HasForeignKey(x => x.FromAccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TimeAccount>().WithMany().HasForeignKey(x => x.ToAccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Transfer>().WithMany().HasForeignKey(x => x.ReversesTransferId).OnDelete(DeleteBehavior.Restrict);
        // A transfer is reversed at most once.
        b.HasIndex(x => x.ReversesTransferId).IsUnique();
        b.HasIndex(x => new { x.LeerregioId, x.CreatedAt });
        b.Property(x => x.Theme).HasMaxLength(40);
        b.HasOne<Offer>().WithMany().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.OfferId);
        b.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.TransferId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimeEntryConfiguration : IEntityTypeConfiguration<TimeEntry>
{
    public void Configure(EntityTypeBuilder<TimeEntry> b)
    {
        b.ToTable("timebank_entries");
        b.HasOne<TimeAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AccountId, x.Id });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_keys");
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.ResponseJson).HasMaxLength(20000);
        b.HasIndex(x => new { x.UserId, x.Key }).IsUnique();
    }
}

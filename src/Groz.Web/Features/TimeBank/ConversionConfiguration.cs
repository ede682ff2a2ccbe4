using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Groz.Web.Features.TimeBank;

/// <summary>Euros in C#, whole cents in the database: exact on SQLite too, and comparable in a WHERE clause.</summary>
internal static class Cents
{
    public static readonly ValueConverter<decimal, long> Converter = new(
        euros => (long)decimal.Round(euros * 100m, 0, MidpointRounding.AwayFromZero),
        cents => cents / 100m);

    public static long Of(decimal euros) => (long)decimal.Round(euros * 100m, 0, MidpointRounding.AwayFromZero);

    public static PropertyBuilder<decimal> InCents(this PropertyBuilder<decimal> p) => p.HasConversion(Converter).HasColumnType("bigint");
}

internal sealed class ConversionSettingsConfiguration : IEntityTypeConfiguration<ConversionSettings>
{
    public void Configure(EntityTypeBuilder<ConversionSettings> b)
    {
        b.ToTable("timebank_conversion_settings");
        b.HasIndex(x => x.LeerregioId).IsUnique();
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.PayerName).HasMaxLength(70);
        b.Property(x => x.PayerIban).HasMaxLength(34);
        b.Property(x => x.PayerBic).HasMaxLength(11);
    }
}

internal sealed class ConversionRateConfiguration : IEntityTypeConfiguration<ConversionRate>
{
    public void Configure(EntityTypeBuilder<ConversionRate> b)
    {
        b.ToTable("timebank_conversion_rates");
        // One rate per day: "the rate on a date" must have one answer.
        b.HasIndex(x => new { x.LeerregioId, x.ValidFrom }).IsUnique();
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> b)
    {
        b.ToTable("timebank_budgets", t => t.HasCheckConstraint("ck_timebank_budgets_remaining", "remaining_euros >= 0"));
        b.Property(x => x.Funder).HasMaxLength(200);
        b.Property(x => x.AmountEuros).InCents();
        b.Property(x => x.RemainingEuros).InCents();
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.LeerregioId, x.PeriodTo });
    }
}

internal sealed class BudgetMovementConfiguration : IEntityTypeConfiguration<BudgetMovement>
{
    public void Configure(EntityTypeBuilder<BudgetMovement> b)
    {
        b.ToTable("timebank_budget_movements");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.AmountEuros).InCents();
        b.HasOne<Budget>().WithMany().HasForeignKey(x => x.BudgetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConversionRequest>().WithMany().HasForeignKey(x => x.ConversionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BudgetId, x.Id });
        // A conversion is reserved at most once and released at most once, also when two coordinators click together.
        b.HasIndex(x => new { x.ConversionId, x.Kind }).IsUnique();
    }
}

internal sealed class ConversionRequestConfiguration : IEntityTypeConfiguration<ConversionRequest>
{
    public void Configure(EntityTypeBuilder<ConversionRequest> b)
    {
        b.ToTable("timebank_conversions");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.AmountEuros).InCents();
        b.Property(x => x.IbanProtected).HasMaxLength(1000);
        b.Property(x => x.IbanMasked).HasMaxLength(50);
        b.Property(x => x.AccountHolder).HasMaxLength(70);
        b.Property(x => x.DecisionReason).HasMaxLength(500);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TimeAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.RequestedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConversionRate>().WithMany().HasForeignKey(x => x.RateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Budget>().WithMany().HasForeignKey(x => x.BudgetId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PayoutBatch>().WithMany().HasForeignKey(x => x.PayoutBatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Transfer>().WithMany().HasForeignKey(x => x.TransferId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Transfer>().WithMany().HasForeignKey(x => x.ReversalTransferId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TransferId).IsUnique();
        b.HasIndex(x => new { x.LeerregioId, x.Status, x.Id });
        b.HasIndex(x => new { x.AccountId, x.RequestDate });
        b.HasIndex(x => x.RequestedByUserId);
        b.HasIndex(x => x.PayoutBatchId);
    }
}

internal sealed class PayoutBatchConfiguration : IEntityTypeConfiguration<PayoutBatch>
{
    public void Configure(EntityTypeBuilder<PayoutBatch> b)
    {
        b.ToTable("timebank_payout_batches");
        b.Property(x => x.MessageId).HasMaxLength(35);
        b.Property(x => x.ControlSum).InCents();
        // A batch of hundreds of payouts is far longer than the default string length.
        b.Property(x => x.XmlProtected).HasColumnType("text");
        b.HasIndex(x => x.MessageId).IsUnique();
        b.HasIndex(x => new { x.LeerregioId, x.Id });
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// What an employer or entrepreneur adds to a <see cref="HelpRequest"/> of kind <see cref="HelpRequestKind.VitalWork"/>
/// (a vitality programme for their staff). The request row itself carries the wish (Description), the contact and the
/// status, so the queue, the status machine and the reports treat both kinds alike; this row is one-to-one with it.
/// </summary>
public sealed class VitalWorkDetails
{
    public const int MaxCompanyName = 200;
    public const int MaxStaff = 100_000;

    public int HelpRequestId { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>For a one-person business the company name is a person's name: cleared by retention like the contact.</summary>
    public required string CompanyName { get; set; }
    /// <summary>Kamer van Koophandel number, 8 digits, optional.</summary>
    public string? KvkNumber { get; set; }
    /// <summary>Number of staff the programme is for: a statistic, kept after pseudonymisation.</summary>
    public int StaffCount { get; set; }
}

/// <summary>Who offers a vitality programme, as the coordinator chose them from the Wijkportaal.</summary>
public enum VitalProviderKind
{
    /// <summary>A zzp'er (freelancer): coach, trainer, physiotherapist working for themselves.</summary>
    Freelancer = 0,
    /// <summary>A professional organisation (health service, sports club, occupational health).</summary>
    Professional = 1,
    /// <summary>An education institution (hogeschool, mbo) whose students run a programme.</summary>
    Education = 2,
}

/// <summary>
/// The coordinator matched a vitality question with an organisation or service of the Wijkportaal of the same
/// leerregio. A question can go to several (e.g. a freelance coach and a hogeschool). No personal data: kept as it is.
/// </summary>
public sealed class VitalWorkReferral
{
    public int Id { get; set; }
    public int HelpRequestId { get; set; }
    public int LeerregioId { get; set; }
    public VitalProviderKind ProviderKind { get; set; }
    /// <summary>SocialMap organisation (published, same leerregio); set when a service was chosen too (its provider).</summary>
    public Guid? OrganizationId { get; set; }
    /// <summary>SocialMap service (published, same leerregio), when the coordinator chose a specific one.</summary>
    public Guid? ServiceId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The coordinator; null once the request is pseudonymised.</summary>
    public string? ByUserId { get; set; }
}

internal sealed class VitalWorkDetailsConfiguration : IEntityTypeConfiguration<VitalWorkDetails>
{
    public void Configure(EntityTypeBuilder<VitalWorkDetails> b)
    {
        b.ToTable("help_vital_work");
        b.HasKey(x => x.HelpRequestId);
        b.Property(x => x.HelpRequestId).ValueGeneratedNever();
        b.Property(x => x.CompanyName).HasMaxLength(VitalWorkDetails.MaxCompanyName);
        b.Property(x => x.KvkNumber).HasMaxLength(8);
        b.HasOne<HelpRequest>().WithOne().HasForeignKey<VitalWorkDetails>(x => x.HelpRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VitalWorkReferralConfiguration : IEntityTypeConfiguration<VitalWorkReferral>
{
    public void Configure(EntityTypeBuilder<VitalWorkReferral> b)
    {
        b.ToTable("help_vital_referrals");
        b.Property(x => x.ProviderKind).HasConversion<string>().HasMaxLength(20);
        b.HasOne<HelpRequest>().WithMany().HasForeignKey(x => x.HelpRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.ByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.HelpRequestId);
    }
}

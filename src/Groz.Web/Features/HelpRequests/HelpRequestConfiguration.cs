using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.HelpRequests;

internal sealed class HelpRequestConfiguration : IEntityTypeConfiguration<HelpRequest>
{
    public void Configure(EntityTypeBuilder<HelpRequest> b)
    {
        b.ToTable("help_requests");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Urgency).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.ContactPreference).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.FollowUpAnswer).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Description).HasMaxLength(HelpRequest.MaxDescription);
        b.Property(x => x.HealthDetails).HasMaxLength(HelpRequest.MaxHealthDetails);
        b.Property(x => x.ContactName).HasMaxLength(HelpRequest.MaxName);
        b.Property(x => x.ContactPhone).HasMaxLength(HelpRequest.MaxPhone);
        b.Property(x => x.ContactEmail).HasMaxLength(HelpRequest.MaxEmail);
        b.Property(x => x.FollowUpComment).HasMaxLength(HelpRequest.MaxDescription);
        b.Property(x => x.FollowUpTokenHash).HasMaxLength(64);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.ResidentUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.EnteredByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.AssistantUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.MatchedVolunteerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Transfer>().WithMany().HasForeignKey(x => x.TransferId).OnDelete(DeleteBehavior.Restrict);
        // The assistant's queue: open requests of one wijk by status, most overdue first.
        b.HasIndex(x => new { x.WijkId, x.Status, x.FirstResponseDueAt });
        // Reports and retention: a leerregio's requests by when they were closed or asked.
        b.HasIndex(x => new { x.LeerregioId, x.ClosedAt });
        b.HasIndex(x => new { x.LeerregioId, x.CreatedAt });
        b.HasIndex(x => x.ResidentUserId);
        b.HasIndex(x => x.MatchedVolunteerUserId);
        b.HasIndex(x => x.FollowUpTokenHash).IsUnique();
    }
}

internal sealed class HelpConsentConfiguration : IEntityTypeConfiguration<HelpConsent>
{
    public void Configure(EntityTypeBuilder<HelpConsent> b)
    {
        b.ToTable("help_consents");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.TextVersion).HasMaxLength(40);
        b.HasOne<HelpRequest>().WithMany().HasForeignKey(x => x.HelpRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.GivenByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.WithdrawnByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.HelpRequestId, x.Kind });
    }
}

internal sealed class HelpNoteConfiguration : IEntityTypeConfiguration<HelpNote>
{
    public void Configure(EntityTypeBuilder<HelpNote> b)
    {
        b.ToTable("help_notes");
        b.Property(x => x.Text).HasMaxLength(HelpNote.MaxText);
        b.HasOne<HelpRequest>().WithMany().HasForeignKey(x => x.HelpRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.HelpRequestId);
    }
}

internal sealed class HelpMatchAskConfiguration : IEntityTypeConfiguration<HelpMatchAsk>
{
    public void Configure(EntityTypeBuilder<HelpMatchAsk> b)
    {
        b.ToTable("help_match_asks");
        b.Property(x => x.Answer).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasOne<HelpRequest>().WithMany().HasForeignKey(x => x.HelpRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.VolunteerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.AskedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TokenHash).IsUnique();
        // One open ask per volunteer per request is enforced in the service; this index serves both that check and the request page.
        b.HasIndex(x => new { x.HelpRequestId, x.VolunteerUserId });
        // The volunteer's inbox and their reliability (accepted vs declined).
        b.HasIndex(x => new { x.VolunteerUserId, x.Answer });
    }
}

internal sealed class HelpStatusChangeConfiguration : IEntityTypeConfiguration<HelpStatusChange>
{
    public void Configure(EntityTypeBuilder<HelpStatusChange> b)
    {
        b.ToTable("help_status_changes");
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(20);
        b.HasOne<HelpRequest>().WithMany().HasForeignKey(x => x.HelpRequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.HelpRequestId, x.Id });
    }
}

internal sealed class HelpRequestSettingsConfiguration : IEntityTypeConfiguration<HelpRequestSettings>
{
    public void Configure(EntityTypeBuilder<HelpRequestSettings> b)
    {
        b.ToTable("help_settings");
        b.HasIndex(x => x.LeerregioId).IsUnique();
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Targets).WithOne().HasForeignKey(x => x.SettingsId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HelpTargetConfiguration : IEntityTypeConfiguration<HelpTarget>
{
    public void Configure(EntityTypeBuilder<HelpTarget> b)
    {
        b.ToTable("help_targets");
        b.Property(x => x.Urgency).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.LeerregioId, x.Urgency }).IsUnique();
    }
}

internal sealed class HelpVolunteerProfileConfiguration : IEntityTypeConfiguration<HelpVolunteerProfile>
{
    public void Configure(EntityTypeBuilder<HelpVolunteerProfile> b)
    {
        b.ToTable("help_volunteer_profiles");
        b.Property(x => x.Availability).HasMaxLength(200);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.LeerregioId, x.UserId }).IsUnique();
        b.HasIndex(x => new { x.WijkId, x.Active });
    }
}

using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Events;

internal sealed class ProeverijStandConfiguration : IEntityTypeConfiguration<ProeverijStand>
{
    public void Configure(EntityTypeBuilder<ProeverijStand> b)
    {
        b.ToTable("proeverij_stands");
        b.Property(x => x.Name).HasMaxLength(ProeverijStand.MaxName);
        b.Property(x => x.Theme).HasMaxLength(40);
        b.Property(x => x.Description).HasMaxLength(ProeverijStand.MaxDescription);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.ProeverijEventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SocialMap.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.ProeverijEventId);
        b.HasIndex(x => x.OrganizationId);
    }
}

internal sealed class ProeverijSlotConfiguration : IEntityTypeConfiguration<ProeverijSlot>
{
    public void Configure(EntityTypeBuilder<ProeverijSlot> b)
    {
        b.ToTable("proeverij_slots");
        b.Property(x => x.Label).HasMaxLength(ProeverijSlot.MaxLabel);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.ProeverijEventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProeverijEventId, x.StartsAt });
    }
}

internal sealed class ProeverijSessionConfiguration : IEntityTypeConfiguration<ProeverijSession>
{
    public void Configure(EntityTypeBuilder<ProeverijSession> b)
    {
        b.ToTable("proeverij_sessions");
        b.HasKey(x => x.EventId);
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Event>().WithOne().HasForeignKey<ProeverijSession>(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        // The proeverij's own cascade removes the session events; these two must not race it.
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.ProeverijEventId).OnDelete(DeleteBehavior.NoAction);
        // Checked at the end of the statement: a stand or slot with sessions cannot go, but the proeverij's cascade can.
        b.HasOne<ProeverijStand>().WithMany().HasForeignKey(x => x.StandId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<ProeverijSlot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.NoAction);
        b.HasIndex(x => new { x.ProeverijEventId, x.SlotId });
        b.HasIndex(x => x.StandId);
        b.HasIndex(x => x.SlotId);
    }
}

internal sealed class ProeverijVisitorConfiguration : IEntityTypeConfiguration<ProeverijVisitor>
{
    public void Configure(EntityTypeBuilder<ProeverijVisitor> b)
    {
        b.ToTable("proeverij_visitors");
        b.Property(x => x.PersonKey).HasMaxLength(300);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.ProeverijEventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProeverijEventId, x.PersonKey }).IsUnique();
    }
}

internal sealed class EventCalendarTokenConfiguration : IEntityTypeConfiguration<EventCalendarToken>
{
    public void Configure(EntityTypeBuilder<EventCalendarToken> b)
    {
        b.ToTable("event_calendar_tokens");
        b.HasKey(x => x.UserId);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasOne<GrozUser>().WithOne().HasForeignKey<EventCalendarToken>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.TokenHash).IsUnique();
    }
}

internal sealed class EventFeedbackConfiguration : IEntityTypeConfiguration<EventFeedback>
{
    public void Configure(EntityTypeBuilder<EventFeedback> b)
    {
        b.ToTable("event_feedback");
        b.Property(x => x.Comment).HasMaxLength(EventFeedback.MaxComment);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.EventId);
    }
}

internal sealed class EventFeedbackRequestConfiguration : IEntityTypeConfiguration<EventFeedbackRequest>
{
    public void Configure(EntityTypeBuilder<EventFeedbackRequest> b)
    {
        b.ToTable("event_feedback_requests");
        b.HasKey(x => x.RegistrationId);
        b.Property(x => x.RegistrationId).ValueGeneratedNever();
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasOne<EventRegistration>().WithOne().HasForeignKey<EventFeedbackRequest>(x => x.RegistrationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.NoAction);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.EventId);
    }
}

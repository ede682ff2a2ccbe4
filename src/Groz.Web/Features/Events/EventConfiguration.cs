using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Events;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> b)
    {
        b.ToTable("events");
        b.Property(x => x.Title).HasMaxLength(Event.MaxTitle);
        b.Property(x => x.Description).HasMaxLength(Event.MaxDescription);
        b.Property(x => x.Theme).HasMaxLength(40);
        b.Property(x => x.Address).HasMaxLength(Event.MaxAddress);
        b.Property(x => x.Accessibility).HasMaxLength(Event.MaxAccessibility);
        b.Property(x => x.RecurrenceRule).HasMaxLength(Event.MaxRule);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Duration);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        // The Wijkportaal may remove an organisation or location; the activity stays, without it.
        b.HasOne<SocialMap.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<SocialMap.Location>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        // The calendar: a leerregio's published events by start (recurring ones are expanded in memory).
        b.HasIndex(x => new { x.LeerregioId, x.Status, x.StartsAt });
        b.HasIndex(x => new { x.WijkId, x.StartsAt });
        b.HasIndex(x => x.OrganizationId);
        // Rows from before the proeverij are ordinary activities.
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20).HasDefaultValue(EventKind.Activity);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.ParentEventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ParentEventId);
    }
}

internal sealed class EventOccurrenceConfiguration : IEntityTypeConfiguration<EventOccurrence>
{
    public void Configure(EntityTypeBuilder<EventOccurrence> b)
    {
        b.ToTable("event_occurrences");
        b.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EventId, x.StartsAt }).IsUnique();
    }
}

internal sealed class EventRegistrationConfiguration : IEntityTypeConfiguration<EventRegistration>
{
    public void Configure(EntityTypeBuilder<EventRegistration> b)
    {
        b.ToTable("event_registrations");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.GuestName).HasMaxLength(EventRegistration.MaxName);
        b.Property(x => x.GuestEmail).HasMaxLength(EventRegistration.MaxEmail);
        b.Property(x => x.GuestPhone).HasMaxLength(EventRegistration.MaxPhone);
        b.Property(x => x.PersonKey).HasMaxLength(300);
        b.Property(x => x.CancelTokenHash).HasMaxLength(64);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<EventOccurrence>().WithMany().HasForeignKey(x => x.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.EnteredByUserId).OnDelete(DeleteBehavior.Restrict);
        // The same person once per occurrence; cancelled rows have no key (NULLs never collide).
        b.HasIndex(x => new { x.OccurrenceId, x.PersonKey }).IsUnique();
        // The waitlist in order, and the participant list.
        b.HasIndex(x => new { x.OccurrenceId, x.Status, x.WaitlistPosition });
        b.HasIndex(x => x.UserId);
        b.HasIndex(x => x.CancelTokenHash).IsUnique();
        b.Property(x => x.ReminderTokenHash).HasMaxLength(64);
        b.HasIndex(x => x.ReminderTokenHash).IsUnique();
        // The reminder job (occurrences of tomorrow) and guest retention (occurrences long past) both look by date.
        b.HasIndex(x => x.OccurrenceStartsAt);
    }
}

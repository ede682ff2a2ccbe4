namespace Groz.Web.Features.Events;

public enum EventStatus { Draft, Published, Cancelled }

public enum RegistrationStatus { Registered, Waitlisted, Cancelled, Attended }

/// <summary>An ordinary activity; a proeverij (a fair with stands and sessions); or one session of a proeverij.</summary>
public enum EventKind { Activity, Proeverij, Session }

/// <summary>
/// An activity in one wijk of a leerregio. Start and end are stored in UTC; a recurring event repeats on the Dutch wall
/// clock (Europe/Amsterdam): the weekly walk at 10:00 stays at 10:00 after the change to summer time, so occurrences are
/// always expanded from the local start time with Ical.Net (<see cref="Recurrence"/>), never by adding 7×24 hours in UTC.
/// </summary>
public sealed class Event
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 4000;
    public const int MaxAddress = 300;
    public const int MaxAccessibility = 1000;
    public const int MaxRule = 300;

    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int WijkId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>A code of <see cref="Shared.Themes"/>.</summary>
    public required string Theme { get; set; }
    /// <summary>A term of the Wijkportaal's target-group taxonomy (SocialMapTaxonomies.TargetGroupTermId).</summary>
    public Guid? TargetGroupTermId { get; set; }
    /// <summary>A Wijkportaal location of the same leerregio, or else <see cref="Address"/> as free text.</summary>
    public Guid? LocationId { get; set; }
    public string? Address { get; set; }
    /// <summary>The organising Wijkportaal organisation (same leerregio); its members may manage the event.</summary>
    public Guid? OrganizationId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>RFC 5545 RRULE value without the "RRULE:" prefix, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=20; null: once.</summary>
    public string? RecurrenceRule { get; set; }
    /// <summary>Places per occurrence; null: no limit.</summary>
    public int? Capacity { get; set; }
    public decimal Cost { get; set; }
    public string? Accessibility { get; set; }
    public bool RegistrationRequired { get; set; }
    public DateTimeOffset? RegistrationClosesAt { get; set; }
    public EventStatus Status { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency for edits from two screens.</summary>
    public int Version { get; set; }
    public EventKind Kind { get; set; }
    /// <summary>
    /// For a session: its proeverij. A session is an event of its own so that it has its own places, waitlist, cancel
    /// links, check-in and mails through <see cref="Registrations"/>; it is never listed on its own (see <see cref="ProeverijSession"/>).
    /// </summary>
    public int? ParentEventId { get; set; }

    public TimeSpan Duration => EndsAt - StartsAt;
}

/// <summary>
/// One occurrence that has registrations: the counter of places taken, changed only by conditional UPDATEs whose WHERE
/// clause holds the capacity (no overbooking under concurrency), and the last waitlist position handed out.
/// Created on the first registration (INSERT … ON CONFLICT DO NOTHING), so an unvisited weekly walk costs no rows.
/// </summary>
public sealed class EventOccurrence
{
    public long Id { get; set; }
    public int EventId { get; set; }
    public Event? Event { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public int Taken { get; set; }
    public int WaitlistIssued { get; set; }
}

public sealed class EventRegistration
{
    public const int MaxName = 100;
    public const int MaxEmail = 254;
    public const int MaxPhone = 30;

    public long Id { get; set; }
    public int EventId { get; set; }
    public long OccurrenceId { get; set; }
    /// <summary>The occurrence's start (UTC): which week of a recurring event.</summary>
    public DateTimeOffset OccurrenceStartsAt { get; set; }
    public string? UserId { get; set; }
    public string? GuestName { get; set; }
    public string? GuestEmail { get; set; }
    public string? GuestPhone { get; set; }
    /// <summary>
    /// Who this is (user id, or the guest's normalised e-mail or phone) while the registration is active; null once
    /// cancelled. A unique index on (occurrence, person) refuses the same person twice even at the same moment.
    /// </summary>
    public string? PersonKey { get; set; }
    public RegistrationStatus Status { get; set; }
    public int? WaitlistPosition { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? AttendedAt { get; set; }
    /// <summary>SHA-256 of the secret in the cancel link; the secret itself is only in the mail.</summary>
    public required string CancelTokenHash { get; set; }
    public string? EnteredByUserId { get; set; }
    /// <summary>
    /// When the reminder of the day before was sent; set by one conditional UPDATE before the mail goes out, so of two app
    /// instances running the job at the same moment only one sends it (<see cref="EventReminders"/>).
    /// </summary>
    public DateTimeOffset? ReminderSentAt { get; set; }
    /// <summary>
    /// SHA-256 of the second cancel-link secret, the one in the reminder: the first secret exists only in the confirmation
    /// mail, and the link there keeps working too.
    /// </summary>
    public string? ReminderTokenHash { get; set; }
    /// <summary>When retention cleared this guest's name, e-mail and phone (<see cref="EventRetention"/>); status and attendance stay.</summary>
    public DateTimeOffset? PseudonymisedAt { get; set; }
}

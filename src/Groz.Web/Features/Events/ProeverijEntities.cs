namespace Groz.Web.Features.Events;

public enum SessionType { Workshop, Tasting, TrialLesson }

/// <summary>A stand at a proeverij: a Wijkportaal organisation (same leerregio) showing its offer under one theme.</summary>
public sealed class ProeverijStand
{
    public const int MaxName = 200;
    public const int MaxDescription = 500;

    public int Id { get; set; }
    public int ProeverijEventId { get; set; }
    /// <summary>The organisation whose later offer counts as the stand's effect (<see cref="ProeverijEffect"/>).</summary>
    public Guid? OrganizationId { get; set; }
    public required string Name { get; set; }
    public required string Theme { get; set; }
    public required string Description { get; set; }
}

/// <summary>A time block of the fair's day (Dutch wall clock in the forms, UTC here); its sessions take its times.</summary>
public sealed class ProeverijSlot
{
    public const int MaxLabel = 100;

    public int Id { get; set; }
    public int ProeverijEventId { get; set; }
    public string? Label { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
}

/// <summary>
/// What makes an event (<see cref="Event.Kind"/> = Session, <see cref="Event.ParentEventId"/> = the proeverij) a session:
/// its stand, slot and kind. Places, waitlist and registrations are the session event's own, kept by <see cref="Registrations"/>.
/// </summary>
public sealed class ProeverijSession
{
    /// <summary>The session's own event (primary key: one session per event).</summary>
    public int EventId { get; set; }
    public int ProeverijEventId { get; set; }
    public int StandId { get; set; }
    public int SlotId { get; set; }
    public SessionType Type { get; set; }
}

/// <summary>
/// One person's programme at one proeverij, as a row to lock: every session registration of that person updates it in
/// its transaction before checking for overlaps, so two requests for overlapping sessions at the same moment are
/// handled one after the other and the second sees the first (see <see cref="ProeverijProgramme"/>).
/// </summary>
public sealed class ProeverijVisitor
{
    public long Id { get; set; }
    public int ProeverijEventId { get; set; }
    /// <summary>The registration's person key: user id, or the guest's normalised e-mail or phone.</summary>
    public required string PersonKey { get; set; }
    public int Changes { get; set; }
}

/// <summary>The secret of a member's personal calendar feed, stored as its SHA-256; a new one replaces (kills) the old URL.</summary>
public sealed class EventCalendarToken
{
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One answer to the short form after an activity (for a proeverij: about the fair). Deliberately without a link to the
/// person or registration, and with the day only: the organiser sees anonymous totals. Whether someone answered is kept
/// apart, in <see cref="EventFeedbackRequest"/>.
/// </summary>
public sealed class EventFeedback
{
    public const int MaxComment = 1000;

    public long Id { get; set; }
    public int EventId { get; set; }
    /// <summary>1 (bad) to 5 (very good).</summary>
    public int Rating { get; set; }
    public bool WouldComeAgain { get; set; }
    public string? Comment { get; set; }
    public DateOnly AnsweredOn { get; set; }
}

/// <summary>That a registration was asked for feedback (the mail's link, hashed) and whether it answered: once per registration.</summary>
public sealed class EventFeedbackRequest
{
    public long RegistrationId { get; set; }
    public int EventId { get; set; }
    public string? TokenHash { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

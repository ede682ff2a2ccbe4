namespace Groz.Web.Features.HelpRequests;

/// <summary>What the help is about. Stored by name, so that a category added later does not renumber old rows.</summary>
public enum HelpCategory
{
    Groceries = 0,
    Transport = 1,
    OddJobs = 2,
    Company = 3,
    DigitalHelp = 4,
    Paperwork = 5,
    Exercise = 6,
    Other = 7,
}

/// <summary>
/// A resident's own question, or (later) a vitality question of an employer for its staff ("Vitaal werken"): both go
/// through the same queue, statuses and reports, so the kind is a column rather than a second table.
/// </summary>
public enum HelpRequestKind
{
    Personal = 0,
    VitalWork = 1,
    /// <summary>A new resident asks for a welkomstmaatje from the welcome route (Features/Welcome), without an account.</summary>
    Welcome = 2,
}

/// <summary>How soon help is needed. Each level has its own targets per leerregio (<see cref="HelpTarget"/>).</summary>
public enum HelpUrgency
{
    Low = 0,
    Normal = 1,
    High = 2,
}

public enum ContactPreference
{
    Phone = 0,
    Email = 1,
    /// <summary>Messages in Groz only (the resident has an account).</summary>
    Platform = 2,
}

/// <summary>
/// The status machine. The main road is New → Triaged → Asked → Matched → InProgress → Done → FollowedUp → Closed;
/// Referred (to a service of the Wijkportaal) and Withdrawn (by the resident) branch off it. Which step may follow
/// which is decided in one place (<see cref="HelpFlow.Allowed"/>), and every change is a conditional UPDATE on the
/// status that was read, so two people acting at once cannot both move a request.
/// </summary>
public enum HelpStatus
{
    New = 0,
    Triaged = 1,
    Asked = 2,
    Matched = 3,
    InProgress = 4,
    Done = 5,
    FollowedUp = 6,
    Closed = 7,
    Referred = 8,
    Withdrawn = 9,
}

/// <summary>How a request ended, for the reports a funder reads.</summary>
public enum HelpOutcome
{
    Helped = 0,
    PartlyHelped = 1,
    NotHelped = 2,
    ReferredToService = 3,
    NoLongerNeeded = 4,
    NoVolunteerFound = 5,
    Withdrawn = 6,
}

/// <summary>The resident's answer to "Is het gelukt?".</summary>
public enum FollowUpAnswer
{
    Yes = 0,
    Partly = 1,
    No = 2,
}

/// <summary>
/// A question for help. Personal data (contact details, description, health details, notes) lives on this row and its
/// children only, never in the status history or the audit log, so that retention can pseudonymise a closed request by
/// clearing these columns while every count and timestamp the reports use stays.
/// </summary>
public sealed class HelpRequest
{
    public const int MaxDescription = 2000;
    public const int MaxHealthDetails = 1000;
    public const int MaxName = 100;
    public const int MaxPhone = 30;
    public const int MaxEmail = 256;

    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int WijkId { get; set; }
    public HelpRequestKind Kind { get; set; }
    public HelpCategory Category { get; set; }
    public HelpUrgency Urgency { get; set; } = HelpUrgency.Normal;
    /// <summary>Plain text as typed; pages and the API never treat it as markup.</summary>
    public required string Description { get; set; }
    /// <summary>Health-related details (e.g. "I walk with a rollator"): only shared with the matched volunteer while
    /// the resident's <see cref="HelpConsentKind.ShareHealthDetails"/> consent stands.</summary>
    public string? HealthDetails { get; set; }

    /// <summary>Null: any day.</summary>
    public DateOnly? PreferredDate { get; set; }
    public TimeOnly? PreferredFrom { get; set; }
    public TimeOnly? PreferredUntil { get; set; }
    public ContactPreference ContactPreference { get; set; }

    /// <summary>The resident's account; null when an assistant or professional entered the question for someone without one.</summary>
    public string? ResidentUserId { get; set; }
    /// <summary>How to reach the resident (copied at the time of asking, since a phone request has no account to read it from).</summary>
    public required string ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    /// <summary>Who typed it in: the resident, or the assistant/professional after a phone call or a visit. Null once
    /// pseudonymised (retention detaches every user id).</summary>
    public string? EnteredByUserId { get; set; }
    public bool EnteredOnBehalf { get; set; }

    public HelpStatus Status { get; set; }
    public HelpOutcome? Outcome { get; set; }
    /// <summary>The buurtassistent who accepted it in triage.</summary>
    public string? AssistantUserId { get; set; }
    public string? MatchedVolunteerUserId { get; set; }
    /// <summary>A published Wijkportaal service (SocialMap Service Id) of the same leerregio.</summary>
    public Guid? ReferredServiceId { get; set; }
    /// <summary>The Tijdbank exchange that recorded the help, written by RecordTransfer in the same step.</summary>
    public long? TransferId { get; set; }
    public int? HelpedMinutes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FirstResponseAt { get; set; }
    public DateTimeOffset? MatchedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public DateTimeOffset? FollowedUpAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Deadlines from the leerregio's targets for the urgency, stored so that "overdue first" is an indexed
    /// comparison in the queue rather than arithmetic per row; recomputed when the urgency changes.</summary>
    public DateTimeOffset FirstResponseDueAt { get; set; }
    public DateTimeOffset MatchDueAt { get; set; }

    public FollowUpAnswer? FollowUpAnswer { get; set; }
    public string? FollowUpComment { get; set; }
    public DateTimeOffset? FollowUpSentAt { get; set; }
    /// <summary>SHA-256 of the token in the follow-up e-mail: a resident without an account answers through it.</summary>
    public string? FollowUpTokenHash { get; set; }

    /// <summary>Set by the retention job once the personal columns were cleared; the row then only feeds statistics.</summary>
    public DateTimeOffset? PseudonymisedAt { get; set; }
}

public enum HelpConsentKind
{
    /// <summary>Storing and handling the question (recorded by the assistant for a phone request: the resident said yes).</summary>
    Processing = 0,
    /// <summary>Sharing the health-related details with the matched volunteer.</summary>
    ShareHealthDetails = 1,
}

/// <summary>An explicit consent for one request, with the version of the text that was shown or read out (AVG art. 7 and 9).</summary>
public sealed class HelpConsent
{
    public int Id { get; set; }
    public int HelpRequestId { get; set; }
    public int LeerregioId { get; set; }
    public HelpConsentKind Kind { get; set; }
    public required string TextVersion { get; set; }
    public DateTimeOffset GivenAt { get; set; }
    /// <summary>The resident, or the assistant/professional who recorded a consent given by phone. Null once the request
    /// is pseudonymised: the record keeps its text version and dates, not who.</summary>
    public string? GivenByUserId { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnByUserId { get; set; }
}

/// <summary>A private note of an assistant or coordinator; never shown to the resident or the volunteer.</summary>
public sealed class HelpNote
{
    public const int MaxText = 2000;

    public int Id { get; set; }
    public int HelpRequestId { get; set; }
    public int LeerregioId { get; set; }
    public required string AuthorUserId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum AskAnswer
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
    Expired = 3,
    /// <summary>Another volunteer accepted first, or the request moved on: this ask no longer counts.</summary>
    Withdrawn = 4,
}

/// <summary>
/// The assistant asked one volunteer to help with a request. The e-mail link carries a random token of which only the
/// SHA-256 is stored: it answers this ask only, until <see cref="ExpiresAt"/>, and only once. Accepted versus declined
/// asks are part of a volunteer's reliability in the matching suggestions.
/// </summary>
public sealed class HelpMatchAsk
{
    public int Id { get; set; }
    public int HelpRequestId { get; set; }
    public int LeerregioId { get; set; }
    public required string VolunteerUserId { get; set; }
    public required string AskedByUserId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public required string TokenHash { get; set; }
    public AskAnswer Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>One step of a request's status history. No personal data, so it survives pseudonymisation as it is.</summary>
public sealed class HelpStatusChange
{
    public long Id { get; set; }
    public int HelpRequestId { get; set; }
    public int LeerregioId { get; set; }
    public HelpStatus? From { get; set; }
    public HelpStatus To { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ByUserId { get; set; }
}

/// <summary>The Hulpvragen settings of one leerregio, made with defaults on first use.</summary>
public sealed class HelpRequestSettings
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>Days after closing before the personal data of a request is pseudonymised.</summary>
    public int RetentionDays { get; set; } = 365;
    /// <summary>How long a volunteer's e-mail link to accept or decline stays valid.</summary>
    public int AskExpiryMinutes { get; set; } = 3 * 24 * 60;
    public List<HelpTarget> Targets { get; } = [];
}

/// <summary>Targets for one urgency in one leerregio, in minutes from the moment of asking.</summary>
public sealed class HelpTarget
{
    public int Id { get; set; }
    public int SettingsId { get; set; }
    public int LeerregioId { get; set; }
    public HelpUrgency Urgency { get; set; }
    public int FirstResponseMinutes { get; set; }
    public int MatchMinutes { get; set; }

    /// <summary>The defaults of a new leerregio: a high-urgency question is answered the same working day.</summary>
    public static (HelpUrgency Urgency, int FirstResponse, int Match)[] Defaults { get; } =
    [
        (HelpUrgency.High, 4 * 60, 24 * 60),
        (HelpUrgency.Normal, 24 * 60, 3 * 24 * 60),
        (HelpUrgency.Low, 3 * 24 * 60, 7 * 24 * 60),
    ];
}

/// <summary>What a volunteer offers to help with in Hulpvragen; one per volunteer per leerregio. Matching reads it
/// next to the member's Tijdbank offers and interests.</summary>
public sealed class HelpVolunteerProfile
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public required string UserId { get; set; }
    public int WijkId { get; set; }
    /// <summary>Categories as a bit set (1 &lt;&lt; (int)category): one column, tested in SQL with a bitwise AND.</summary>
    public int Categories { get; set; }
    /// <summary>Free text, e.g. "weekdays after 18:00".</summary>
    public string Availability { get; set; } = "";
    /// <summary>Days of the week the volunteer can usually help, as a bit set (1 &lt;&lt; (int)DayOfWeek); 0: not said.</summary>
    public int Weekdays { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
}

namespace Groz.Web.Features.Collaboration;

public enum CollaborationType { Network, Alliance, Project, LearningCommunity }

public enum CollaborationStatus { Planned, Active, Paused, Ended }

/// <summary>
/// A samenwerkingsverband in a leerregio. Its members are the wijkportaal's organisations (one register of organisations
/// for the whole platform); the process owner is named because the bouwsteen Samenwerking found that loose networks
/// without one stay non-committal.
/// </summary>
public sealed class Collaboration
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public CollaborationType Type { get; set; }
    public CollaborationStatus Status { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    /// <summary>The organisation that owns the process (one of the members), if any.</summary>
    public Guid? ProcessOwnerId { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }
    public List<CollaborationMember> Members { get; set; } = [];
    public List<CollaborationTheme> Themes { get; set; } = [];
    public List<CollaborationWijk> Wijken { get; set; } = [];
}

public sealed class CollaborationMember
{
    public int Id { get; set; }
    public int CollaborationId { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary>Free text, e.g. "trekker", "deelnemer", "financier".</summary>
    public string? Role { get; set; }
}

/// <summary>A platform theme (Shared/Themes codes) the collaboration works on.</summary>
public sealed class CollaborationTheme
{
    public int CollaborationId { get; set; }
    public required string ThemeCode { get; set; }
}

public sealed class CollaborationWijk
{
    public int CollaborationId { get; set; }
    public int WijkId { get; set; }
}

/// <summary>One of the five bouwstenen of a leerregio with its trekker (often an organisation outside the wijkportaal, so a name).</summary>
public sealed class Bouwsteen
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>bekostiging, data-ict, lerend-vermogen, monitoring or samenwerking.</summary>
    public required string Code { get; set; }
    public required string Trekker { get; set; }
    public List<BouwsteenUpdate> Updates { get; set; } = [];
}

public sealed class BouwsteenUpdate
{
    public int Id { get; set; }
    public int BouwsteenId { get; set; }
    public DateOnly On { get; set; }
    public required string Text { get; set; }
    public string? AuthorUserId { get; set; }
}

public enum ConversationFormat { Conversation, FocusGroup }

public enum PlaceKind { Buurthuis, Buurtteam, Wijkbijeenkomst, Street, Online, Other }

/// <summary>Who took part; several at once.</summary>
[Flags]
public enum ParticipantKinds { None = 0, Residents = 1, Professionals = 2, Volunteers = 4, Entrepreneurs = 8 }

/// <summary>
/// A wijkgesprek or focus group. Summary is for everyone who may see the conversation list; <see cref="Notes"/> and the
/// fragments are research material, shown only to the leerregio's coordinators and researchers (and each view of the
/// notes is written to the audit log). Participants are never named: only their kinds and number.
/// </summary>
public sealed class NeighbourhoodConversation
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int WijkId { get; set; }
    public DateOnly HeldOn { get; set; }
    public ConversationFormat Format { get; set; }
    public PlaceKind Place { get; set; }
    public ParticipantKinds Participants { get; set; }
    public int ParticipantCount { get; set; }
    public required string Facilitator { get; set; }
    public required string Summary { get; set; }
    public string? Notes { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ConversationFragment> Fragments { get; set; } = [];
}

/// <summary>A passage of a conversation, coded with one or more codes of the codebook.</summary>
public sealed class ConversationFragment
{
    public int Id { get; set; }
    public int ConversationId { get; set; }
    public int LeerregioId { get; set; }
    public required string Text { get; set; }
    public List<FragmentCode> Codes { get; set; } = [];
}

public sealed class FragmentCode
{
    public int FragmentId { get; set; }
    public int CodeId { get; set; }
}

/// <summary>A theme (no parent) or subtheme of a leerregio's codebook.</summary>
public sealed class Code
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int? ParentId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
}

/// <summary>How urgent a theme is in a wijk (1 low – 5 high), with why; the latest per wijk and code counts.</summary>
public sealed class ThemeUrgency
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int WijkId { get; set; }
    public int CodeId { get; set; }
    public int Level { get; set; }
    public required string Rationale { get; set; }
    public DateOnly SetOn { get; set; }
}

/// <summary>What a link from a theme points at; Document waits for the Kennisbank, Link is any address.</summary>
public enum ActionKind { Collaboration, Event, Document, Link }

/// <summary>
/// The loop closed: a theme heard in the wijk linked to what is done about it. A kind with the target's id (within
/// Groz) or an address, so that Kennisbank documents can be linked when that module lands without a schema change.
/// </summary>
public sealed class ThemeAction
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int CodeId { get; set; }
    public ActionKind Kind { get; set; }
    public int? TargetId { get; set; }
    public string? Url { get; set; }
    public required string Title { get; set; }
}

/// <summary>One participant's answer to the effectiveness check of a collaboration (once per quarter).</summary>
public sealed class EffectivenessAnswer
{
    public int Id { get; set; }
    public int CollaborationId { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>First day of the quarter it counts for.</summary>
    public DateOnly Quarter { get; set; }
    public required string UserId { get; set; }
    public int Working { get; set; }
    public string? Helps { get; set; }
    public string? Hinders { get; set; }
}

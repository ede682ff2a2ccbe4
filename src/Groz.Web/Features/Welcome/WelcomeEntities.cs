namespace Groz.Web.Features.Welcome;

/// <summary>
/// One resident's welcome route: only what the page needs to be rebuilt (wijk, interests, situation), found again by a
/// random code of which only the SHA-256 is stored. No name, no address: a maatje request keeps those in Hulpvragen,
/// under that module's consent and retention. Removed after <see cref="WelcomeOptions.RouteRetentionDays"/>.
/// </summary>
public sealed class WelcomeRoute
{
    public const int MaxCodes = 200;

    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int WijkId { get; set; }
    public required string CodeHash { get; set; }
    /// <summary>Theme codes (Shared.Themes), separated by commas.</summary>
    public string Interests { get; set; } = "";
    /// <summary>Situation codes (<see cref="WelcomeSituations"/>), separated by commas.</summary>
    public string Situations { get; set; } = "";
    /// <summary>The letter whose code started this route, if any.</summary>
    public int? LetterId { get; set; }
    /// <summary>The help request of kind Welcome, once the resident asked for a welkomstmaatje.</summary>
    public int? MaatjeRequestId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>One upload of new addresses by a coordinator.</summary>
public sealed class WelcomeLetterBatch
{
    public const int MaxFileName = 200;

    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public string? FileName { get; set; }
    public int Letters { get; set; }
    public int Skipped { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When retention removes the letters (and their addresses); the batch row itself keeps only counts.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// A letter to one new address with a personal code. The code only reveals the wijk (the address is never shown on
/// the route), so a typed code is short enough to copy from paper. Deleted with its batch's retention.
/// </summary>
public sealed class WelcomeLetter
{
    public const int MaxStreet = 120;
    public const int MaxNumber = 20;
    public const int MaxCity = 80;

    public int Id { get; set; }
    public int BatchId { get; set; }
    public int LeerregioId { get; set; }
    public int WijkId { get; set; }
    public required string Street { get; set; }
    public required string HouseNumber { get; set; }
    /// <summary>Normalised: "3541 AB".</summary>
    public required string Postcode { get; set; }
    public required string City { get; set; }
    /// <summary>Eight characters without look-alikes (no 0/O, 1/I/L), unique in the installation.</summary>
    public required string Code { get; set; }
    /// <summary>The first time the code was opened: counts as "reached" in the Monitor.</summary>
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A situation in plain words, and the Wijkportaal target groups it points to.</summary>
public sealed record WelcomeSituation(string Code, string English, string[] TargetGroups);

public static class WelcomeSituations
{
    /// <summary>English text is the resource key; the Dutch text comes from the resources like every UI string.</summary>
    public static IReadOnlyList<WelcomeSituation> All { get; } =
    [
        new("just-moved", "I have just moved to this wijk", ["nieuwkomers"]),
        new("children", "I have children", ["ouders", "kinderen"]),
        new("older", "I am 65 or older", ["ouderen"]),
        new("new-to-nl", "I am new to the Netherlands", ["nieuwkomers"]),
        new("work", "I am looking for work", ["werkzoekenden"]),
        new("carer", "I care for someone close to me", ["mantelzorgers"]),
        new("volunteer", "I would like to help others in the wijk", ["vrijwilligers"]),
    ];

    public static bool IsKnown(string code) => All.Any(s => s.Code == code);

    /// <summary>The target groups of these situations, each once.</summary>
    public static IReadOnlyList<string> TargetGroups(IEnumerable<string> situations) =>
        All.Where(s => situations.Contains(s.Code)).SelectMany(s => s.TargetGroups).Distinct().ToList();
}

public sealed class WelcomeOptions
{
    /// <summary>Days a route stays reachable by its code: long enough to come back after the removal boxes are unpacked.</summary>
    public int RouteRetentionDays { get; set; } = 90;
    /// <summary>Days the addresses of a letter batch are kept: enough to print, post and see the codes used.</summary>
    public int LetterRetentionDays { get; set; } = 120;
}

using Microsoft.AspNetCore.Identity;

namespace Groz.Web.Features.Accounts;

public sealed class GrozUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The leerregio the member signed up in; roles may add others.</summary>
    public int? LeerregioId { get; set; }
    public int? WijkId { get; set; }
    /// <summary>Theme codes the member is interested in, separated by commas (see <see cref="Themes"/>).</summary>
    public string Interests { get; set; } = "";
    /// <summary>"nl" or "en": used for mail sent when there is no request to read the culture from.</summary>
    public string PreferredCulture { get; set; } = "nl";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set when the member deleted the account: the row stays as a "former member" placeholder
    /// for records others depend on, with every personal field erased.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>The roles of DESIGN.md. Each is granted per leerregio, or per wijk inside it.</summary>
public enum GrozRole
{
    Resident = 0,
    Volunteer = 1,
    InformalCarer = 2,
    Entrepreneur = 3,
    Professional = 4,
    Student = 5,
    Buurtassistent = 6,
    Coordinator = 7,
    Researcher = 8,
    Administrator = 9,
}

public static class GrozRoles
{
    /// <summary>Roles that see other people's personal data: they must use two-factor authentication.</summary>
    public static bool RequiresTwoFactor(GrozRole role) =>
        role is GrozRole.Buurtassistent or GrozRole.Coordinator or GrozRole.Researcher or GrozRole.Administrator;

    public static IReadOnlyList<GrozRole> All { get; } = Enum.GetValues<GrozRole>();

    /// <summary>Roles a member may give themselves at registration; the others are granted by a coordinator.</summary>
    public static IReadOnlyList<GrozRole> SelfChosen { get; } =
        [GrozRole.Resident, GrozRole.Volunteer, GrozRole.InformalCarer, GrozRole.Entrepreneur, GrozRole.Professional, GrozRole.Student];
}

public sealed class RoleAssignment
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public GrozUser? User { get; set; }
    public GrozRole Role { get; set; }
    /// <summary>Null only for an installation administrator, who manages all leerregio's.</summary>
    public int? LeerregioId { get; set; }
    /// <summary>Null: the role holds in the whole leerregio.</summary>
    public int? WijkId { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public string? GrantedByUserId { get; set; }
}

/// <summary>An explicit consent, kept with the version of the text that was shown (AVG art. 7: demonstrable consent).</summary>
public sealed class Consent
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Purpose { get; set; }
    public required string TextVersion { get; set; }
    public DateTimeOffset GivenAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>A personal access token for integrations. Only a SHA-256 hash of the secret is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public GrozUser? User { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the token, shown in the UI so that a member can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string SecretHash { get; set; }
    /// <summary>Space-separated scopes, e.g. "read write".</summary>
    public required string Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

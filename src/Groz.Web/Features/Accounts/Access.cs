using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Accounts;

/// <summary>
/// Role assignments travel in the sign-in cookie as claims "groz:role" = "role|leerregio|wijk" (empty for none).
/// Every server-side check goes through the extension methods below; privileged roles count only
/// once the member has two-factor authentication on.
/// </summary>
public static class Access
{
    public const string RoleClaim = "groz:role";
    public const string TwoFactorClaim = "groz:2fa";
    public const string LeerregioClaim = "groz:leerregio";
    public const string WijkClaim = "groz:wijk";
    public const string ScopeClaim = "scope";

    public readonly record struct Grant(GrozRole Role, int? LeerregioId, int? WijkId);

    public static string Encode(GrozRole role, int? leerregioId, int? wijkId) =>
        string.Create(CultureInfo.InvariantCulture, $"{role}|{leerregioId}|{wijkId}");

    public static IEnumerable<Grant> Grants(this ClaimsPrincipal user)
    {
        var twoFactor = user.HasTwoFactor();
        foreach (var claim in user.FindAll(RoleClaim))
        {
            var parts = claim.Value.Split('|');
            if (parts.Length != 3 || !Enum.TryParse<GrozRole>(parts[0], out var role))
            {
                continue;
            }
            if (GrozRoles.RequiresTwoFactor(role) && !twoFactor)
            {
                continue;
            }
            yield return new Grant(role,
                int.TryParse(parts[1], CultureInfo.InvariantCulture, out var l) ? l : null,
                int.TryParse(parts[2], CultureInfo.InvariantCulture, out var w) ? w : null);
        }
    }

    public static bool HasTwoFactor(this ClaimsPrincipal user) => user.HasClaim(TwoFactorClaim, "1");

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static int? HomeLeerregioId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(LeerregioClaim), CultureInfo.InvariantCulture, out var id) ? id : null;

    public static int? HomeWijkId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(WijkClaim), CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool IsInstallationAdmin(this ClaimsPrincipal user) =>
        user.Grants().Any(g => g.Role == GrozRole.Administrator && g.LeerregioId is null);

    /// <summary>True when the member holds <paramref name="role"/> for the leerregio (or, with a wijk, for that wijk
    /// or the whole leerregio). Installation administrators hold every administrator right.</summary>
    public static bool HasRole(this ClaimsPrincipal user, GrozRole role, int leerregioId, int? wijkId = null) =>
        user.Grants().Any(g =>
            (g.Role == role && g.LeerregioId == leerregioId && (g.WijkId is null || g.WijkId == wijkId))
            || (role == GrozRole.Administrator && g.Role == GrozRole.Administrator && g.LeerregioId is null));

    /// <summary>Coordinators and administrators manage a leerregio.</summary>
    public static bool CanManage(this ClaimsPrincipal user, int leerregioId) =>
        user.HasRole(GrozRole.Coordinator, leerregioId) || user.HasRole(GrozRole.Administrator, leerregioId);

    /// <summary>The leerregio's whose non-public data this member may see: their own and those they hold a role in.</summary>
    public static IReadOnlySet<int> MemberOf(this ClaimsPrincipal user)
    {
        var ids = user.Grants().Where(g => g.LeerregioId is not null).Select(g => g.LeerregioId!.Value).ToHashSet();
        if (user.HomeLeerregioId() is { } home)
        {
            ids.Add(home);
        }
        return ids;
    }

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        // Cookie sessions carry no scope claims and may do what the member may do; tokens only what they were given.
        !user.HasClaim(c => c.Type == ScopeClaim) || user.FindAll(ScopeClaim).Any(c => c.Value == scope);
}

/// <summary>Adds the member's role assignments, home leerregio and 2FA state to the principal at sign-in.</summary>
public sealed class GrozClaimsFactory(UserManager<GrozUser> users, IOptions<IdentityOptions> options, GrozDbContext db)
    : UserClaimsPrincipalFactory<GrozUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(GrozUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("name", user.DisplayName));
        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(Access.TwoFactorClaim, "1"));
        }
        if (user.LeerregioId is { } leerregio)
        {
            identity.AddClaim(new Claim(Access.LeerregioClaim, leerregio.ToString(CultureInfo.InvariantCulture)));
        }
        if (user.WijkId is { } wijk)
        {
            identity.AddClaim(new Claim(Access.WijkClaim, wijk.ToString(CultureInfo.InvariantCulture)));
        }
        var grants = await db.RoleAssignments.Where(r => r.UserId == user.Id)
            .Select(r => new { r.Role, r.LeerregioId, r.WijkId }).ToListAsync();
        foreach (var g in grants)
        {
            identity.AddClaim(new Claim(Access.RoleClaim, Access.Encode(g.Role, g.LeerregioId, g.WijkId)));
        }
        return identity;
    }
}

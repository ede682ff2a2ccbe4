using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions;

/// <summary>
/// The writes that the /beheer pages and the /api/v1/leerregios endpoints share: wijken, buurten and roles.
/// Each checks its input in one place and returns the problems per field (keys are the input's property
/// names), so that a page shows them next to the field and the API returns them as a ValidationProblem.
/// The caller has already checked that the member manages the leerregio (<see cref="FindManagedAsync"/>).
/// </summary>
public sealed class RegionManagement(GrozDbContext db, IStringLocalizer<SharedResource> l, AuditLog audit, UserManager<GrozUser> users, TimeProvider time)
{
    public sealed class WijkInput
    {
        public string? GemeenteCode { get; set; }
        /// <summary>Needed only when the gemeente is not yet known for this division year.</summary>
        public string? GemeenteName { get; set; }
        public string? Code { get; set; }
        public string? Name { get; set; }
        public int? DivisionYear { get; set; }
        public int? Residents { get; set; }
        /// <summary>PC4 postcodes separated by spaces or commas.</summary>
        public string? Postcodes { get; set; }
    }

    public sealed class BuurtInput
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public int? Residents { get; set; }
    }

    public sealed class GrantInput
    {
        public string? Email { get; set; }
        public GrozRole? Role { get; set; }
        /// <summary>Empty: the role holds in the whole leerregio.</summary>
        public int? WijkId { get; set; }
    }

    public sealed record Member(int Id, string UserId, string DisplayName, string? Email, GrozRole Role, int? WijkId, string? WijkName);

    /// <summary>What a write did: the saved record, or the problems per field. <see cref="NotAllowed"/> marks a
    /// request that the member may not make at all (the API answers 403, a page shows the message at the field).</summary>
    public sealed record Outcome<T>(T? Value, IReadOnlyDictionary<string, string> Errors, bool NotAllowed = false) where T : class
    {
        public bool Succeeded => Errors.Count == 0 && Value is not null;
    }

    public enum RevokeResult { Revoked, NotFound, NotAllowed }

    public const int MaxResidents = 10_000_000;

    /// <summary>
    /// The leerregio with this slug when the member manages it; null otherwise, so that callers answer 404 whether it
    /// does not exist or belongs to others: another leerregio's management pages must not even reveal that they exist.
    /// </summary>
    public static async Task<Leerregio?> FindManagedAsync(GrozDbContext db, ClaimsPrincipal user, string slug, CancellationToken ct = default)
    {
        var leerregio = await db.Leerregios.FirstOrDefaultAsync(x => x.Slug == slug, ct);
        return leerregio is not null && user.CanManage(leerregio.Id) ? leerregio : null;
    }

    /// <summary>The leerregio's a member manages; all of them for an installation administrator.</summary>
    public static async Task<List<Leerregio>> ManagedLeerregiosAsync(GrozDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var all = await db.Leerregios.AsNoTracking().OrderBy(x => x.Name).ToListAsync(ct);
        return all.Where(x => user.CanManage(x.Id)).ToList();
    }

    /// <summary>True when the member holds any role that manages a leerregio (the /beheer area is theirs).</summary>
    public static bool IsManager(ClaimsPrincipal user) =>
        user.IsInstallationAdmin() || user.Grants().Any(g => g.LeerregioId is not null && g.Role is GrozRole.Coordinator or GrozRole.Administrator);

    /// <summary>Coordinators grant every role except administrator; administrators of the leerregio grant all.</summary>
    public static bool MayGrant(ClaimsPrincipal user, int leerregioId, GrozRole role) =>
        role != GrozRole.Administrator || user.HasRole(GrozRole.Administrator, leerregioId);

    public async Task<List<Member>> MembersAsync(int leerregioId, CancellationToken ct = default) =>
        await db.RoleAssignments.AsNoTracking().Where(r => r.LeerregioId == leerregioId)
            .OrderBy(r => r.User!.DisplayName).ThenBy(r => r.Role).ThenBy(r => r.Id)
            .Select(r => new Member(r.Id, r.UserId, r.User!.DisplayName, r.User.Email, r.Role, r.WijkId,
                db.Wijken.Where(w => w.Id == r.WijkId).Select(w => w.Name).FirstOrDefault()))
            .ToListAsync(ct);

    /// <param name="dryRun">Only check: a page whose input did not bind still shows every other problem at once.</param>
    public async Task<Outcome<Wijk>> SaveWijkAsync(Leerregio leerregio, WijkInput input, Wijk? existing, bool dryRun = false, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var gemeenteCode = Normalize(input.GemeenteCode);
        var gemeenteName = input.GemeenteName?.Trim() ?? "";
        var code = Normalize(input.Code);
        var name = input.Name?.Trim() ?? "";
        var year = input.DivisionYear ?? 0;

        if (!CbsCode.IsGemeente(gemeenteCode))
        {
            errors[nameof(WijkInput.GemeenteCode)] = l["Enter the gemeente code: GM and 4 digits, for example GM0344."];
        }
        if (!CbsCode.IsWijk(code))
        {
            errors[nameof(WijkInput.Code)] = l["Enter the wijk code: WK and 6 digits, for example WK034408."];
        }
        else if (CbsCode.IsGemeente(gemeenteCode) && !CbsCode.WijkBelongsTo(code, gemeenteCode))
        {
            errors[nameof(WijkInput.Code)] = Format(l["The wijk code must start with {0}: WK and the 4 digits of the gemeente."], "WK" + gemeenteCode[2..]);
        }
        if (name.Length is 0 or > 200)
        {
            errors[nameof(WijkInput.Name)] = l["Enter a name of at most 200 characters."];
        }
        if (!CbsCode.IsValidYear(year))
        {
            errors[nameof(WijkInput.DivisionYear)] = l["Enter the year of the CBS division, for example 2024."];
        }
        if (input.Residents is < 0 or > MaxResidents)
        {
            errors[nameof(WijkInput.Residents)] = l["Enter a number of residents from 0 to 10,000,000, or leave it empty."];
        }
        var postcodes = ParsePostcodes(input.Postcodes);
        if (postcodes is null)
        {
            errors[nameof(WijkInput.Postcodes)] = l["Postcodes are four digits each, separated by spaces."];
        }

        Gemeente? gemeente = null;
        if (CbsCode.IsGemeente(gemeenteCode) && CbsCode.IsValidYear(year))
        {
            gemeente = await db.Gemeenten.FirstOrDefaultAsync(g => g.Code == gemeenteCode && g.DivisionYear == year, ct);
            // A gemeente is shared by all leerregio's, so a known one keeps its name; a new one needs one.
            if (gemeente is null && gemeenteName.Length is 0 or > 200)
            {
                errors[nameof(WijkInput.GemeenteName)] = Format(l["Gemeente {0} is not known yet for {1}: enter its name (at most 200 characters)."], gemeenteCode, year);
            }
        }
        if (!errors.ContainsKey(nameof(WijkInput.Code)) && CbsCode.IsValidYear(year))
        {
            var existingId = existing?.Id ?? 0;
            if (await db.Wijken.AnyAsync(w => w.Code == code && w.DivisionYear == year && w.Id != existingId, ct))
            {
                errors[nameof(WijkInput.Code)] = Format(l["There already is a wijk with code {0} in the division of {1}."], code, year);
            }
            else if (existing is not null && (existing.Code != code || existing.DivisionYear != year)
                && await db.Buurten.AnyAsync(b => b.WijkId == existing.Id, ct))
            {
                errors[nameof(WijkInput.Code)] = l["This wijk has buurten whose codes follow the wijk code, so its code and year cannot change."];
            }
        }
        if (errors.Count > 0 || dryRun)
        {
            return new Outcome<Wijk>(null, errors);
        }

        if (gemeente is null)
        {
            gemeente = new Gemeente { Code = gemeenteCode, Name = gemeenteName, DivisionYear = year };
            db.Gemeenten.Add(gemeente);
        }
        var wijk = existing ?? new Wijk { Code = code, Name = name, LeerregioId = leerregio.Id };
        wijk.Code = code;
        wijk.Name = name;
        wijk.DivisionYear = year;
        wijk.Residents = input.Residents;
        wijk.Postcodes = postcodes!;
        wijk.Gemeente = gemeente;
        if (existing is null)
        {
            db.Wijken.Add(wijk);
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(existing is null ? "wijk.created" : "wijk.updated", "wijk", wijk.Code, leerregio.Id,
            wijk.DivisionYear.ToString(CultureInfo.InvariantCulture), ct: ct);
        return new Outcome<Wijk>(wijk, new Dictionary<string, string>());
    }

    public async Task<Outcome<Buurt>> SaveBuurtAsync(Wijk wijk, BuurtInput input, Buurt? existing, bool dryRun = false, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var code = Normalize(input.Code);
        var name = input.Name?.Trim() ?? "";
        if (!CbsCode.IsBuurt(code))
        {
            errors[nameof(BuurtInput.Code)] = l["Enter the buurt code: BU and 8 digits, for example BU03440801."];
        }
        else if (!CbsCode.BuurtBelongsTo(code, wijk.Code))
        {
            errors[nameof(BuurtInput.Code)] = Format(l["The buurt code must start with {0}: BU and the 6 digits of the wijk."], "BU" + wijk.Code[2..]);
        }
        else
        {
            var existingId = existing?.Id ?? 0;
            // A buurt belongs to the division of its wijk: one code per year.
            if (await db.Buurten.AnyAsync(b => b.Code == code && b.DivisionYear == wijk.DivisionYear && b.Id != existingId, ct))
            {
                errors[nameof(BuurtInput.Code)] = Format(l["There already is a buurt with code {0} in the division of {1}."], code, wijk.DivisionYear);
            }
        }
        if (name.Length is 0 or > 200)
        {
            errors[nameof(BuurtInput.Name)] = l["Enter a name of at most 200 characters."];
        }
        if (input.Residents is < 0 or > MaxResidents)
        {
            errors[nameof(BuurtInput.Residents)] = l["Enter a number of residents from 0 to 10,000,000, or leave it empty."];
        }
        if (errors.Count > 0 || dryRun)
        {
            return new Outcome<Buurt>(null, errors);
        }
        var buurt = existing ?? new Buurt { Code = code, Name = name, WijkId = wijk.Id, LeerregioId = wijk.LeerregioId };
        buurt.Code = code;
        buurt.Name = name;
        buurt.DivisionYear = wijk.DivisionYear;
        buurt.Residents = input.Residents;
        if (existing is null)
        {
            db.Buurten.Add(buurt);
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(existing is null ? "buurt.created" : "buurt.updated", "buurt", buurt.Code, wijk.LeerregioId,
            buurt.DivisionYear.ToString(CultureInfo.InvariantCulture), ct: ct);
        return new Outcome<Buurt>(buurt, new Dictionary<string, string>());
    }

    public async Task<Outcome<RoleAssignment>> GrantAsync(Leerregio leerregio, ClaimsPrincipal grantor, GrantInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var email = input.Email?.Trim() ?? "";
        GrozUser? user = null;
        if (email.Length is 0 or > 256 || !email.Contains('@', StringComparison.Ordinal))
        {
            errors[nameof(GrantInput.Email)] = l["Enter the e-mail address of an existing account."];
        }
        else
        {
            user = await users.FindByEmailAsync(email);
            if (user is null || user.ErasedAt is not null)
            {
                errors[nameof(GrantInput.Email)] = l["There is no account with this e-mail address. Ask the person to create an account first."];
            }
        }
        if (input.Role is not { } role || !Enum.IsDefined(role))
        {
            errors[nameof(GrantInput.Role)] = l["Choose a role."];
        }
        else if (!MayGrant(grantor, leerregio.Id, role))
        {
            errors[nameof(GrantInput.Role)] = l["Only an administrator of this leerregio can grant the administrator role."];
            return new Outcome<RoleAssignment>(null, errors, NotAllowed: true);
        }
        if (input.WijkId is { } wijkId && !await db.Wijken.AnyAsync(w => w.Id == wijkId && w.LeerregioId == leerregio.Id, ct))
        {
            errors[nameof(GrantInput.WijkId)] = l["Choose a wijk of this leerregio, or the whole leerregio."];
        }
        if (errors.Count == 0 && await db.RoleAssignments.AnyAsync(r => r.UserId == user!.Id && r.Role == input.Role
                && r.LeerregioId == leerregio.Id && r.WijkId == input.WijkId, ct))
        {
            errors[nameof(GrantInput.Role)] = l["This member already has this role here."];
        }
        if (errors.Count > 0)
        {
            return new Outcome<RoleAssignment>(null, errors);
        }

        var assignment = new RoleAssignment
        {
            UserId = user!.Id, Role = input.Role!.Value, LeerregioId = leerregio.Id, WijkId = input.WijkId,
            GrantedAt = time.GetUtcNow(), GrantedByUserId = grantor.UserId(),
        };
        db.RoleAssignments.Add(assignment);
        await db.SaveChangesAsync(ct);
        // Roles travel in the sign-in cookie: a new stamp makes the member's sessions pick up the change.
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync("role.granted", "user", user.Id, leerregio.Id, Describe(assignment), ct: ct);
        return new Outcome<RoleAssignment>(assignment, new Dictionary<string, string>());
    }

    public async Task<RevokeResult> RevokeAsync(Leerregio leerregio, ClaimsPrincipal actor, int assignmentId, CancellationToken ct = default)
    {
        // The leerregio in the WHERE clause: an id from another leerregio is simply not found.
        var assignment = await db.RoleAssignments.FirstOrDefaultAsync(r => r.Id == assignmentId && r.LeerregioId == leerregio.Id, ct);
        if (assignment is null)
        {
            return RevokeResult.NotFound;
        }
        if (!MayGrant(actor, leerregio.Id, assignment.Role))
        {
            return RevokeResult.NotAllowed;
        }
        db.RoleAssignments.Remove(assignment);
        await db.SaveChangesAsync(ct);
        if (await users.FindByIdAsync(assignment.UserId) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await audit.WriteAsync("role.revoked", "user", assignment.UserId, leerregio.Id, Describe(assignment), ct: ct);
        return RevokeResult.Revoked;
    }

    private static string Describe(RoleAssignment r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Role}{(r.WijkId is { } w ? $" wijk {w}" : "")}");

    private static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant();

    private static string Format(string template, params object[] args) => string.Format(CultureInfo.CurrentCulture, template, args);

    /// <summary>"3525, 3526 3525" → "3525 3526"; null when any part is not a PC4 postcode.</summary>
    public static string? ParsePostcodes(string? input)
    {
        var parts = (input ?? "").Split([' ', ',', ';', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p.Length != 4 || !p.All(char.IsAsciiDigit) || p[0] == '0'))
        {
            return null;
        }
        return string.Join(' ', parts.Distinct().Order(StringComparer.Ordinal));
    }
}

using System.ComponentModel.DataAnnotations;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Regions;

public static class RegionsApi
{
    public sealed record LeerregioSummary(int Id, string Slug, string Name, string? Description, int Wijken, int? Residents);
    public sealed record BuurtDto(int Id, string Code, string Name, int DivisionYear, int? Residents);
    public sealed record WijkDto(int Id, string Code, string Name, int DivisionYear, string GemeenteCode, string GemeenteName, int? Residents, string[] Postcodes, BuurtDto[] Buurten);
    public sealed record LeerregioDetail(int Id, string Slug, string Name, string? Description, WijkDto[] Wijken);
    public sealed record MemberDto(string UserId, string DisplayName, string Role, int? WijkId);
    public sealed record ImportResult(int Gemeenten, int Wijken, int Buurten);

    public sealed record NewLeerregio(
        [property: Required, RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$"), MaxLength(60)] string Slug,
        [property: Required, MaxLength(200)] string Name,
        [property: MaxLength(2000)] string? Description);

    public static WebApplication MapRegionsApi(this WebApplication app)
    {
        var api = app.MapApiV1("leerregios", "Regions");
        api.MapGet("/", ListAsync).WithSummary("All leerregio's of this installation (public).");
        api.MapGet("/{slug}", GetAsync).WithSummary("One leerregio with its wijken and buurten and their CBS codes (public).");
        api.MapGet("/wijk-by-postcode/{postcode}", FindByPostcodeAsync).WithSummary("The wijk that a Dutch postcode (1234 or 1234 AB) lies in.");
        api.MapPost("/", CreateAsync).RequireAuthorization(AccountsSetup.ApiPolicy).WithSummary("Create a leerregio (installation administrators).");
        api.MapGet("/{slug}/members", MembersAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .WithSummary("Members with a role in this leerregio (its coordinators and administrators only).");
        api.MapPost("/{slug}/import", ImportAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .Accepts<string>("text/csv")
            .WithSummary("Import gemeenten, wijken and buurten from a CSV with CBS column names (coordinators and administrators).");
        return app;
    }

    private static async Task<Ok<List<LeerregioSummary>>> ListAsync(GrozDbContext db) =>
        TypedResults.Ok(await db.Leerregios.OrderBy(l => l.Name)
            .Select(l => new LeerregioSummary(l.Id, l.Slug, l.Name, l.Description, l.Wijken.Count, l.Wijken.Sum(w => w.Residents)))
            .ToListAsync());

    private static async Task<Results<Ok<LeerregioDetail>, NotFound>> GetAsync(string slug, GrozDbContext db)
    {
        var leerregio = await db.Leerregios.AsNoTracking()
            .Include(l => l.Wijken).ThenInclude(w => w.Buurten)
            .Include(l => l.Wijken).ThenInclude(w => w.Gemeente)
            .AsSplitQuery()
            .FirstOrDefaultAsync(l => l.Slug == slug);
        if (leerregio is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new LeerregioDetail(leerregio.Id, leerregio.Slug, leerregio.Name, leerregio.Description,
            leerregio.Wijken.OrderBy(w => w.Code, StringComparer.Ordinal).Select(ToDto).ToArray()));
    }

    internal static WijkDto ToDto(Wijk w) => new(w.Id, w.Code, w.Name, w.DivisionYear, w.Gemeente!.Code, w.Gemeente.Name, w.Residents,
        w.Postcodes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        w.Buurten.OrderBy(b => b.Code, StringComparer.Ordinal).Select(b => new BuurtDto(b.Id, b.Code, b.Name, b.DivisionYear, b.Residents)).ToArray());

    private static async Task<Results<Ok<WijkDto>, NotFound, ProblemHttpResult>> FindByPostcodeAsync(string postcode, HttpContext http, GrozDbContext db)
    {
        var pc4 = Postcode.ToPc4(postcode);
        if (pc4 is null)
        {
            return (ProblemHttpResult)Errors.Problem(http, 400, "invalid-postcode");
        }
        var wijk = await db.FindWijkByPostcodeAsync(pc4);
        return wijk is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(wijk));
    }

    private static async Task<Results<Created<LeerregioSummary>, ForbidHttpResult, ProblemHttpResult>> CreateAsync(
        NewLeerregio input, HttpContext http, GrozDbContext db, TimeProvider time, AuditLog audit)
    {
        if (!http.User.IsInstallationAdmin() || !http.User.HasScope("write"))
        {
            return TypedResults.Forbid();
        }
        if (await db.Leerregios.AnyAsync(l => l.Slug == input.Slug))
        {
            return (ProblemHttpResult)Errors.Problem(http, 409, "slug-taken");
        }
        var leerregio = new Leerregio { Slug = input.Slug, Name = input.Name.Trim(), Description = input.Description?.Trim(), CreatedAt = time.GetUtcNow() };
        db.Leerregios.Add(leerregio);
        await db.SaveChangesAsync();
        await audit.WriteAsync("leerregio.created", "leerregio", leerregio.Slug, leerregio.Id);
        return TypedResults.Created($"/api/v1/leerregios/{leerregio.Slug}", new LeerregioSummary(leerregio.Id, leerregio.Slug, leerregio.Name, leerregio.Description, 0, null));
    }

    private static async Task<Results<Ok<List<MemberDto>>, NotFound>> MembersAsync(string slug, HttpContext http, GrozDbContext db, AuditLog audit)
    {
        var leerregio = await db.Leerregios.FirstOrDefaultAsync(l => l.Slug == slug);
        // Another leerregio's member list does not exist for you: 404, not 403, so that it reveals nothing.
        if (leerregio is null || !http.User.CanManage(leerregio.Id))
        {
            return TypedResults.NotFound();
        }
        var members = await db.RoleAssignments.Where(r => r.LeerregioId == leerregio.Id)
            .OrderBy(r => r.User!.DisplayName).ThenBy(r => r.Role)
            .Select(r => new MemberDto(r.UserId, r.User!.DisplayName, r.Role.ToString(), r.WijkId)).ToListAsync();
        await audit.WriteAsync("members.viewed", "leerregio", leerregio.Slug, leerregio.Id);
        return TypedResults.Ok(members);
    }

    private static async Task<Results<Ok<ImportResult>, NotFound, ForbidHttpResult, ValidationProblem>> ImportAsync(
        string slug, HttpContext http, GrozDbContext db, RegionImport import, AuditLog audit)
    {
        var leerregio = await db.Leerregios.FirstOrDefaultAsync(l => l.Slug == slug);
        if (leerregio is null || !http.User.CanManage(leerregio.Id))
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return TypedResults.Forbid();
        }
        using var reader = new StreamReader(http.Request.Body);
        var result = await import.ImportAsync(leerregio.Id, reader, http.RequestAborted);
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["csv"] = [.. result.Errors] });
        }
        await audit.WriteAsync("regions.imported", "leerregio", leerregio.Slug, leerregio.Id, $"{result.Gemeenten}/{result.Wijken}/{result.Buurten}");
        return TypedResults.Ok(new ImportResult(result.Gemeenten, result.Wijken, result.Buurten));
    }
}

public static class Postcode
{
    /// <summary>"3526 KA", "3526ka" or "3526" → "3526"; anything else → null.</summary>
    public static string? ToPc4(string? input)
    {
        var s = (input ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var ok = s.Length is 4 or 6 && s[..4].All(char.IsAsciiDigit) && s[0] != '0' && (s.Length == 4 || s[4..].All(char.IsAsciiLetterUpper));
        return ok ? s[..4] : null;
    }

    public static async Task<Wijk?> FindWijkByPostcodeAsync(this GrozDbContext db, string pc4, CancellationToken ct = default)
    {
        // Postcodes are a short space-separated list per wijk: compare whole words, newest division first.
        var candidates = await db.Wijken.AsNoTracking().Include(w => w.Gemeente).Include(w => w.Buurten)
            .Where(w => w.Postcodes.Contains(pc4)).OrderByDescending(w => w.DivisionYear).ToListAsync(ct);
        return candidates.FirstOrDefault(w => w.Postcodes.Split(' ').Contains(pc4));
    }
}

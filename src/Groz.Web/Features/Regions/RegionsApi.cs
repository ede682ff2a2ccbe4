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
    /// <summary>One role of one member; <c>Id</c> is the role assignment, for DELETE /members/{id}.</summary>
    public sealed record MemberDto(int Id, string UserId, string DisplayName, string Role, int? WijkId, string? WijkName);
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
        api.MapPost("/{slug}/members", GrantAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .WithSummary("Grant a role in this leerregio (optionally for one wijk) to an existing account, by e-mail (coordinators and administrators; only administrators grant administrator).");
        api.MapDelete("/{slug}/members/{id:int}", RevokeAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .WithSummary("Revoke one role assignment (the id from the members list).");
        api.MapPost("/{slug}/wijken", CreateWijkAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .WithSummary("Add a wijk; an unknown gemeente is created from its GM code and name (coordinators and administrators).");
        api.MapPut("/{slug}/wijken/{id:int}", UpdateWijkAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .WithSummary("Change a wijk of this leerregio.");
        api.MapPost("/{slug}/wijken/{id:int}/buurten", CreateBuurtAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .WithSummary("Add a buurt to a wijk of this leerregio; its BU code extends the wijk's code.");
        api.MapPut("/{slug}/buurten/{id:int}", UpdateBuurtAsync).RequireAuthorization(AccountsSetup.ApiPolicy)
            .WithSummary("Change a buurt of this leerregio.");
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

    private static async Task<Results<Created<LeerregioSummary>, ProblemHttpResult>> CreateAsync(
        NewLeerregio input, HttpContext http, GrozDbContext db, TimeProvider time, AuditLog audit)
    {
        if (!http.User.IsInstallationAdmin())
        {
            return (ProblemHttpResult)Errors.Problem(http, 403, "forbidden");
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
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

    private static async Task<Results<Ok<List<MemberDto>>, NotFound>> MembersAsync(string slug, HttpContext http, GrozDbContext db, RegionManagement manage, AuditLog audit)
    {
        // Another leerregio's member list does not exist for you: 404, not 403, so that it reveals nothing.
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio)
        {
            return TypedResults.NotFound();
        }
        var members = (await manage.MembersAsync(leerregio.Id))
            .Select(m => new MemberDto(m.Id, m.UserId, m.DisplayName, m.Role.ToString(), m.WijkId, m.WijkName)).ToList();
        await audit.WriteAsync("members.viewed", "leerregio", leerregio.Slug, leerregio.Id);
        return TypedResults.Ok(members);
    }

    private static async Task<Results<Created<MemberDto>, NotFound, ProblemHttpResult, ValidationProblem>> GrantAsync(
        string slug, RegionManagement.GrantInput input, HttpContext http, GrozDbContext db, RegionManagement manage)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio)
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
        }
        var outcome = await manage.GrantAsync(leerregio, http.User, input, http.RequestAborted);
        if (outcome.NotAllowed)
        {
            return (ProblemHttpResult)Errors.Problem(http, 403, "role-not-grantable");
        }
        if (!outcome.Succeeded)
        {
            return Invalid(outcome.Errors);
        }
        var member = (await manage.MembersAsync(leerregio.Id)).First(m => m.Id == outcome.Value!.Id);
        return TypedResults.Created($"/api/v1/leerregios/{leerregio.Slug}/members/{member.Id}",
            new MemberDto(member.Id, member.UserId, member.DisplayName, member.Role.ToString(), member.WijkId, member.WijkName));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeAsync(
        string slug, int id, HttpContext http, GrozDbContext db, RegionManagement manage)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio)
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
        }
        return await manage.RevokeAsync(leerregio, http.User, id, http.RequestAborted) switch
        {
            RegionManagement.RevokeResult.Revoked => TypedResults.NoContent(),
            RegionManagement.RevokeResult.NotAllowed => (ProblemHttpResult)Errors.Problem(http, 403, "role-not-grantable"),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<Created<WijkDto>, NotFound, ProblemHttpResult, ValidationProblem>> CreateWijkAsync(
        string slug, RegionManagement.WijkInput input, HttpContext http, GrozDbContext db, RegionManagement manage)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio)
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
        }
        var outcome = await manage.SaveWijkAsync(leerregio, input, null, ct: http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Invalid(outcome.Errors);
        }
        return TypedResults.Created($"/api/v1/leerregios/{leerregio.Slug}/wijken/{outcome.Value!.Id}", await WijkDtoAsync(db, outcome.Value.Id));
    }

    private static async Task<Results<Ok<WijkDto>, NotFound, ProblemHttpResult, ValidationProblem>> UpdateWijkAsync(
        string slug, int id, RegionManagement.WijkInput input, HttpContext http, GrozDbContext db, RegionManagement manage)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio
            || await db.Wijken.FirstOrDefaultAsync(w => w.Id == id && w.LeerregioId == leerregio.Id) is not { } wijk)
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
        }
        var outcome = await manage.SaveWijkAsync(leerregio, input, wijk, ct: http.RequestAborted);
        return outcome.Succeeded ? TypedResults.Ok(await WijkDtoAsync(db, wijk.Id)) : Invalid(outcome.Errors);
    }

    private static async Task<Results<Created<BuurtDto>, NotFound, ProblemHttpResult, ValidationProblem>> CreateBuurtAsync(
        string slug, int id, RegionManagement.BuurtInput input, HttpContext http, GrozDbContext db, RegionManagement manage)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio
            || await db.Wijken.FirstOrDefaultAsync(w => w.Id == id && w.LeerregioId == leerregio.Id) is not { } wijk)
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
        }
        var outcome = await manage.SaveBuurtAsync(wijk, input, null, ct: http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Invalid(outcome.Errors);
        }
        var b = outcome.Value!;
        return TypedResults.Created($"/api/v1/leerregios/{leerregio.Slug}/buurten/{b.Id}", new BuurtDto(b.Id, b.Code, b.Name, b.DivisionYear, b.Residents));
    }

    private static async Task<Results<Ok<BuurtDto>, NotFound, ProblemHttpResult, ValidationProblem>> UpdateBuurtAsync(
        string slug, int id, RegionManagement.BuurtInput input, HttpContext http, GrozDbContext db, RegionManagement manage)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio
            || await db.Buurten.Include(b => b.Wijk).FirstOrDefaultAsync(b => b.Id == id && b.LeerregioId == leerregio.Id) is not { } buurt)
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
        }
        var outcome = await manage.SaveBuurtAsync(buurt.Wijk!, input, buurt, ct: http.RequestAborted);
        return outcome.Succeeded
            ? TypedResults.Ok(new BuurtDto(buurt.Id, buurt.Code, buurt.Name, buurt.DivisionYear, buurt.Residents))
            : Invalid(outcome.Errors);
    }

    private static async Task<WijkDto> WijkDtoAsync(GrozDbContext db, int id) =>
        ToDto(await db.Wijken.AsNoTracking().Include(w => w.Gemeente).Include(w => w.Buurten).FirstAsync(w => w.Id == id));

    private static ProblemHttpResult WriteScopeRequired(HttpContext http) => (ProblemHttpResult)Errors.Problem(http, 403, "write-scope-required");

    /// <summary>Field names as the JSON body spells them (camelCase), each with its message.</summary>
    private static ValidationProblem Invalid(IReadOnlyDictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }));

    private static async Task<Results<Ok<ImportResult>, NotFound, ProblemHttpResult, ValidationProblem>> ImportAsync(
        string slug, HttpContext http, GrozDbContext db, RegionImport import, AuditLog audit)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug) is not { } leerregio)
        {
            return TypedResults.NotFound();
        }
        if (!http.User.HasScope("write"))
        {
            return WriteScopeRequired(http);
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

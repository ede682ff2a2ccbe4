using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap;

/// <summary>Exchange of the social map as HSDS tabular data packages: for coordinators under /api/v1/socialmap, and a public download.</summary>
public static class SocialMapApi
{
    public const string ZipType = "application/zip";
    public const string ImportRoute = "/api/v1/socialmap/leerregios/{slug}/import";

    public static WebApplication MapSocialMapApi(this WebApplication app)
    {
        var api = app.MapApiV1("socialmap", "SocialMap").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/leerregios/{slug}/export", ExportForCoordinatorAsync).WithName("SocialMapExport")
            .WithSummary("The published social map of a leerregio as an HSDS 3.0 tabular data package (zip of CSV files + datapackage.json). Coordinators.")
            .Produces(200, contentType: ZipType).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/leerregios/{slug}/import", ImportAsync).WithName("SocialMapImport").DisableAntiforgery()
            .WithSummary("Import an HSDS tabular data package (the zip as request body, Content-Type application/zip). Upsert by id: "
                + "sending the same package again changes nothing, so no Idempotency-Key is needed. All or nothing: 200 with the report when imported, "
                + "422 with the report (rejected rows and why) when nothing was stored. lenient=true keeps unknown references and out-of-range coordinates as warnings. Coordinators.")
            .Produces<ImportReport>().Produces<ImportReport>(422).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        // The public download: the same published data the HSDS API serves, so no sign-in.
        // A download link for people, not an API path: kept out of the OpenAPI document.
        app.MapGet("/wijkportaal/{slug}/hsds.zip", PublicExportAsync).ExcludeFromDescription()
            .RequireRateLimiting(Security.ApiPolicy).AllowAnonymous();
        return app;
    }

    public static string FileName(string slug, DateTimeOffset at) => $"wijkportaal-{slug}-hsds-{at:yyyy-MM-dd}.zip";

    private static async Task<IResult> ExportForCoordinatorAsync(string slug, HttpContext http, GrozDbContext db, HsdsExport export, AuditLog audit, TimeProvider time)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug, http.RequestAborted) is not { } leerregio)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var buffer = new MemoryStream();
        await export.WriteAsync(leerregio.Id, buffer, http.RequestAborted);
        await audit.WriteAsync("socialmap.exported", "leerregio", slug, leerregio.Id, ct: http.RequestAborted);
        buffer.Position = 0;
        return Results.File(buffer, ZipType, FileName(slug, time.GetUtcNow()));
    }

    private static async Task<IResult> PublicExportAsync(string slug, HttpContext http, GrozDbContext db, HsdsExport export, TimeProvider time)
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, http.RequestAborted);
        if (leerregio is null)
        {
            return Results.NotFound();
        }
        var buffer = new MemoryStream();
        await export.WriteAsync(leerregio.Id, buffer, http.RequestAborted);
        buffer.Position = 0;
        return Results.File(buffer, ZipType, FileName(slug, time.GetUtcNow()));
    }

    private static async Task<IResult> ImportAsync(string slug, HttpContext http, GrozDbContext db, HsdsImport import, AuditLog audit,
        IStringLocalizer<SharedResource> l, bool lenient = false)
    {
        if (await RegionManagement.FindManagedAsync(db, http.User, slug, http.RequestAborted) is not { } leerregio)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        if (http.Request.ContentLength is > HsdsImport.MaxPackageBytes)
        {
            return Errors.Problem(http, 413, "too-large");
        }
        var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        buffer.Position = 0;
        var report = await import.ImportAsync(leerregio.Id, buffer, lenient, http.User.UserId(), UpdatedBy(l, leerregio), http.RequestAborted);
        await audit.WriteAsync(report.Imported ? "socialmap.imported" : "socialmap.import-rejected", "leerregio", slug, leerregio.Id,
            $"added {report.Added}, changed {report.Changed}, rejected {report.Rejected.Count}", ct: http.RequestAborted);
        return report.Imported ? Results.Ok(report) : Results.Json(report, statusCode: 422);
    }

    /// <summary>The name in the published change history: the role, never the coordinator's own name.</summary>
    public static string UpdatedBy(IStringLocalizer l, Leerregio leerregio) => $"{l["Coordinator"]} {leerregio.Name}";
}

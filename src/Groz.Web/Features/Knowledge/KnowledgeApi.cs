using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// The Kennisbank under /api/v1/knowledge: search and read the documents the caller may see, add documents (multipart
/// form: the fields of <see cref="DocumentInput"/> and a file, or markdown) and new versions. Writers: coordinators,
/// administrators and professionals of the leerregio. Refused uploads are ProblemDetails: 413 upload-too-large,
/// 415 upload-unknown-type, 422 upload-pdf-script / upload-zip-bomb / upload-broken / upload-empty / upload-missing.
/// </summary>
public static class KnowledgeApi
{
    public const string DocumentsRoute = "/api/v1/knowledge/documents";
    public const string VersionsRoute = "/api/v1/knowledge/documents/{id}/versions";

    public sealed record VersionDto(int Id, int Number, string? ChangeNote, DateTimeOffset CreatedAt, string? FileName, string? ContentType, long? SizeBytes, string? Download);
    public sealed record DocumentDto(int Id, string Leerregio, string Title, string? Summary, string Kind, IReadOnlyList<string> Themes, string? Bouwsteen,
        string Sharing, string Format, int CurrentVersion, DateTimeOffset UpdatedAt, DateOnly? SubsidyDeadline, decimal? SubsidyAmount,
        string? Markdown, IReadOnlyList<VersionDto> Versions);
    public sealed record HitDto(int Id, string Leerregio, string Title, string Kind, double Rank, string Snippet, DateTimeOffset UpdatedAt);
    public sealed record SearchDto(int Total, IReadOnlyList<HitDto> Items);

    /// <summary>The multipart form of a new document.</summary>
    public sealed class DocumentForm
    {
        public string? Leerregio { get; set; }
        public string? Title { get; set; }
        public string? Summary { get; set; }
        public string? Kind { get; set; }
        public string[]? Themes { get; set; }
        public string? Bouwsteen { get; set; }
        public string? Sharing { get; set; }
        public string? Markdown { get; set; }
        public string? SubsidyDeadline { get; set; }
        public string? SubsidyAmount { get; set; }
    }

    public sealed class VersionForm
    {
        public string? ChangeNote { get; set; }
        public string? Markdown { get; set; }
    }

    public static WebApplication MapKnowledgeApi(this WebApplication app)
    {
        var api = app.MapApiV1("knowledge", "Kennisbank").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/documents", SearchAsync)
            .WithSummary("Documents the caller may read (shared with all leerregio's, or of a leerregio they belong to). q = words searched in title, summary and the text inside files (ranked, with a snippet); leerregio = slug; kind; theme; bouwsteen.")
            .ProducesValidationProblem();
        api.MapGet("/documents/{id:int}", DocumentAsync).WithSummary("One document with its versions (each file version downloadable).").ProducesProblem(404);
        api.MapPost("/documents", CreateAsync).DisableAntiforgery().DisableValidation()
            .WithFormOptions(multipartBodyLengthLimit: KnowledgeSetup.MaxFormBytes)
            .Accepts<DocumentForm>("multipart/form-data")
            .WithSummary("Add a document to a leerregio (multipart: leerregio, title, summary, kind, themes, bouwsteen, sharing, subsidyDeadline yyyy-MM-dd, subsidyAmount; and a file (PDF, DOCX, XLSX, PPTX, PNG, JPEG; checked by content) or markdown). Coordinators and professionals.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);
        api.MapPost("/documents/{id:int}/versions", AddVersionAsync).DisableAntiforgery().DisableValidation()
            .WithFormOptions(multipartBodyLengthLimit: KnowledgeSetup.MaxFormBytes)
            .Accepts<VersionForm>("multipart/form-data")
            .WithSummary("A new version: changeNote (what changed) and a new file, or new markdown for a page. The older versions stay downloadable.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);
        return app;
    }

    private static async Task<IResult> SearchAsync(string? q, string? leerregio, string? kind, string? theme, string? bouwsteen, HttpContext http, GrozDbContext db)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > KnowledgeSearch.MaxQueryChars })
        {
            errors["q"] = [Errors.Title(http, "query-too-long")];
        }
        DocumentKind? k = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (Enum.TryParse<DocumentKind>(kind, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _))
            {
                k = parsed;
            }
            else
            {
                errors["kind"] = [Errors.Title(http, "unknown-kind")];
            }
        }
        BouwsteenKind? b = null;
        if (!string.IsNullOrWhiteSpace(bouwsteen))
        {
            if (Enum.TryParse<BouwsteenKind>(bouwsteen, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(bouwsteen, out _))
            {
                b = parsed;
            }
            else
            {
                errors["bouwsteen"] = [Errors.Title(http, "unknown-bouwsteen")];
            }
        }
        if (!string.IsNullOrWhiteSpace(theme) && !Shared.Themes.IsKnown(theme))
        {
            errors["theme"] = [Errors.Title(http, "unknown-theme")];
        }
        int? leerregioId = null;
        if (!string.IsNullOrWhiteSpace(leerregio))
        {
            leerregioId = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => (int?)l.Id).FirstOrDefaultAsync(http.RequestAborted);
            if (leerregioId is null)
            {
                errors["leerregio"] = [Errors.Title(http, "unknown-leerregio")];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await KnowledgeQueries.SearchAsync(db, http.User, new KnowledgeQuery(q, leerregioId, k, string.IsNullOrWhiteSpace(theme) ? null : theme, b, 0), http.RequestAborted);
        return TypedResults.Ok(new SearchDto(result.Total, result.Items.Select(i =>
            new HitDto(i.Id, i.LeerregioSlug, i.Title, i.Kind.ToString(), i.Rank, i.Snippet.ToString(), i.UpdatedAt)).ToList()));
    }

    private static async Task<IResult> DocumentAsync(int id, HttpContext http, GrozDbContext db)
    {
        var d = await db.KnowledgeDocuments.AsNoTracking().Include(d => d.Versions).FirstOrDefaultAsync(d => d.Id == id, http.RequestAborted);
        if (d is null || !KnowledgeLibrary.MayRead(http.User, d))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var slug = await db.Leerregios.Where(l => l.Id == d.LeerregioId).Select(l => l.Slug).FirstAsync(http.RequestAborted);
        return TypedResults.Ok(Dto(d, slug));
    }

    internal static DocumentDto Dto(KnowledgeDocument d, string slug) => new(d.Id, slug, d.Title, d.Summary, d.Kind.ToString(), d.Themes, d.Bouwsteen?.ToString(),
        d.Sharing.ToString(), d.Format.ToString(), d.CurrentVersion, d.UpdatedAt, d.SubsidyDeadline, d.SubsidyAmount,
        d.Versions.FirstOrDefault(v => v.Number == d.CurrentVersion)?.Markdown,
        d.Versions.OrderByDescending(v => v.Number).Select(v => new VersionDto(v.Id, v.Number, v.ChangeNote, v.CreatedAt, v.FileName, v.ContentType, v.SizeBytes,
            v.StoredName is null ? null : KnowledgeSetup.FileRoute.Replace("{id:int}", v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))).ToList());

    private static async Task<IResult> CreateAsync([FromForm] DocumentForm? form, IFormFile? file, HttpContext http, GrozDbContext db, KnowledgeLibrary library)
    {
        // A form without any field binds to null.
        form ??= new DocumentForm();
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == form.Leerregio, http.RequestAborted) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        if (!KnowledgeLibrary.MayWrite(http.User, lr.Id))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        decimal? amount = null;
        if (!string.IsNullOrWhiteSpace(form.SubsidyAmount))
        {
            if (!decimal.TryParse(form.SubsidyAmount, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var a))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["subsidyAmount"] = [Errors.Title(http, "bad-amount")] });
            }
            amount = a;
        }
        var input = new DocumentInput
        {
            Title = form.Title, Summary = form.Summary, Kind = form.Kind, Themes = form.Themes?.ToList(), Bouwsteen = form.Bouwsteen, Sharing = form.Sharing,
            Markdown = form.Markdown, SubsidyDeadline = form.SubsidyDeadline, SubsidyAmount = amount,
        };
        var outcome = await library.CreateAsync(http.User, lr.Id, input, await KnowledgeLibrary.ReadAsync(file, http.RequestAborted), http.RequestAborted);
        if (Failure(http, outcome) is { } failure)
        {
            return failure;
        }
        var d = await db.KnowledgeDocuments.AsNoTracking().Include(x => x.Versions).FirstAsync(x => x.Id == outcome.DocumentId, http.RequestAborted);
        return TypedResults.Created($"{DocumentsRoute}/{d.Id}", Dto(d, lr.Slug));
    }

    private static async Task<IResult> AddVersionAsync(int id, [FromForm] VersionForm? form, IFormFile? file, HttpContext http, GrozDbContext db, KnowledgeLibrary library)
    {
        form ??= new VersionForm();
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var d = await db.KnowledgeDocuments.Include(x => x.Versions).FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted);
        if (d is null || !KnowledgeLibrary.MayRead(http.User, d))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        if (!KnowledgeLibrary.MayWrite(http.User, d.LeerregioId))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        var outcome = await library.AddVersionAsync(http.User, d, new VersionInput { ChangeNote = form.ChangeNote, Markdown = form.Markdown },
            await KnowledgeLibrary.ReadAsync(file, http.RequestAborted), http.RequestAborted);
        if (Failure(http, outcome) is { } failure)
        {
            return failure;
        }
        var slug = await db.Leerregios.Where(l => l.Id == d.LeerregioId).Select(l => l.Slug).FirstAsync(http.RequestAborted);
        return TypedResults.Created($"{DocumentsRoute}/{d.Id}", Dto(d, slug));
    }

    private static IResult? Failure(HttpContext http, KnowledgeOutcome outcome)
    {
        if (outcome.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }));
        }
        return outcome.UploadProblem switch
        {
            null => null,
            "upload-too-large" => Errors.Problem(http, 413, "upload-too-large"),
            "upload-unknown-type" => Errors.Problem(http, 415, "upload-unknown-type"),
            var code => Errors.Problem(http, 422, code),
        };
    }
}

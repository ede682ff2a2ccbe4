using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.Events;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Groz.Web.Features.Knowledge;

public static class LearningPages
{
    public const string AttachmentRoute = "/leren/bijlage/{id:int}";

    public static string AttachmentLink(int id) => $"/leren/bijlage/{id.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The learning environment under /api/v1/knowledge: bouwsteen updates (read by everyone with an API token, posted by
/// the leerregio's knowledge editors with up to three attachments), responses on documents and updates (members), and
/// what the caller follows for the weekly digest.
/// </summary>
public static class LearningApi
{
    public const string UpdatesRoute = "/api/v1/knowledge/updates";

    public sealed record AttachmentDto(int Id, string FileName, string ContentType, long SizeBytes, string Download);
    public sealed record UpdateDto(int Id, string Leerregio, string Bouwsteen, DateOnly On, string Text, IReadOnlyList<AttachmentDto> Attachments);
    public sealed record CommentDto(int Id, string Author, DateTimeOffset CreatedAt, string Text, bool MayDelete);
    public sealed record FollowDto(string Kind, string Code);

    public sealed class UpdateForm
    {
        public string? Leerregio { get; set; }
        public string? Bouwsteen { get; set; }
        public string? Text { get; set; }
    }

    public static WebApplication MapLearning(this WebApplication app)
    {
        // Attachments are served like the Kennisbank's files: the type found at upload, as a download, nosniff, sandboxed.
        app.MapGet(LearningPages.AttachmentRoute, AttachmentAsync).ExcludeFromDescription();
        var api = app.MapApiV1("knowledge", "Kennisbank").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/updates", UpdatesAsync)
            .WithSummary("The bouwsteen updates of a leerregio (leerregio = slug), newest first, with their attachments. Updates are public, like the Samenwerking page.")
            .ProducesProblem(404);
        api.MapPost("/updates", PostUpdateAsync).DisableAntiforgery().DisableValidation()
            .WithFormOptions(multipartBodyLengthLimit: KnowledgeSetup.MaxFormBytes)
            .Accepts<UpdateForm>("multipart/form-data")
            .WithSummary("Post an update for a bouwsteen (multipart: leerregio, bouwsteen = Bekostiging|DataIct|LerendVermogen|Monitoring|Samenwerking, text, and up to three files named 'files', checked by content). Coordinators, administrators and professionals of the leerregio.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/documents/{id:int}/comments", (int id, HttpContext http, LearningEnvironment learning, GrozDbContext db) => CommentsAsync(http, learning, db, id, null))
            .WithSummary("Responses on a document the caller may read (members of a leerregio only).").ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/documents/{id:int}/comments", (int id, CommentInput input, HttpContext http, LearningEnvironment learning) => AddCommentAsync(http, learning, id, null, input))
            .WithSummary("Respond to a document (text: plain text or Markdown, at most 2000 characters). Members of a leerregio who may read it.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/updates/{id:int}/comments", (int id, HttpContext http, LearningEnvironment learning, GrozDbContext db) => CommentsAsync(http, learning, db, null, id))
            .WithSummary("Responses on a bouwsteen update (members of a leerregio only).").ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/updates/{id:int}/comments", (int id, CommentInput input, HttpContext http, LearningEnvironment learning) => AddCommentAsync(http, learning, null, id, input))
            .WithSummary("Respond to a bouwsteen update (text: plain text or Markdown, at most 2000 characters). Members of a leerregio.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapDelete("/comments/{id:int}", DeleteCommentAsync)
            .WithSummary("Delete a response: its author, or a coordinator of the leerregio of what it responds to.").ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/follows", FollowsAsync).WithSummary("What the caller follows for the weekly digest.");
        api.MapPut("/follows/{kind}/{code}", FollowAsync)
            .WithSummary("Follow a bouwsteen (kind = bouwsteen, code = Bekostiging|DataIct|LerendVermogen|Monitoring|Samenwerking) or a theme (kind = theme, code = a theme code) for the weekly digest.")
            .ProducesValidationProblem().ProducesProblem(403);
        api.MapDelete("/follows/{kind}/{code}", UnfollowAsync).WithSummary("Stop following a bouwsteen or theme.").ProducesValidationProblem().ProducesProblem(403);
        api.MapPut("/documents/{id:int}/subsidy", MoveDeadlineAsync)
            .WithSummary("Change a subsidy's deadline (yyyy-MM-dd) and amount. A moved deadline arms the reminder again. Writers of the leerregio.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    public sealed record SubsidyInput(string? SubsidyDeadline, decimal? SubsidyAmount);

    private static async Task<IResult> AttachmentAsync(int id, HttpContext http, GrozDbContext db, SafeUpload uploads)
    {
        var a = await db.Set<UpdateAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted);
        if (a is null || SafeUpload.TypeOf(a.ContentType) is not { } type || uploads.PathOf(a.StoredName) is not { } path || !File.Exists(path))
        {
            return Results.NotFound();
        }
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(a.FileName);
        headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return Results.File(path, type.ContentType);
    }

    private static AttachmentDto Dto(UpdateAttachment a) => new(a.Id, a.FileName, a.ContentType, a.SizeBytes, LearningPages.AttachmentLink(a.Id));

    private static async Task<IResult> UpdatesAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == leerregio, http.RequestAborted) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var updates = await (from u in db.BouwsteenUpdates.AsNoTracking()
                             join b in db.Bouwstenen on u.BouwsteenId equals b.Id
                             where b.LeerregioId == lr.Id
                             orderby u.On descending, u.Id descending
                             select new { u.Id, b.Code, u.On, u.Text }).Take(200).ToListAsync(http.RequestAborted);
        var ids = updates.Select(u => u.Id).ToList();
        var attachments = await db.Set<UpdateAttachment>().AsNoTracking().Where(a => ids.Contains(a.UpdateId)).OrderBy(a => a.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(updates.Select(u => new UpdateDto(u.Id, lr.Slug, LearningEnvironment.KindOf(u.Code)?.ToString() ?? u.Code, u.On, u.Text,
            [.. attachments.Where(a => a.UpdateId == u.Id).Select(Dto)])).ToList());
    }

    private static async Task<IResult> PostUpdateAsync([FromForm] UpdateForm? form, HttpContext http, GrozDbContext db, LearningEnvironment learning)
    {
        form ??= new UpdateForm();
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == form.Leerregio, http.RequestAborted) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var files = new List<UploadedFile>();
        foreach (var f in http.Request.Form.Files.Where(f => f.Name == "files"))
        {
            files.Add((await KnowledgeLibrary.ReadAsync(f, http.RequestAborted))!);
        }
        var outcome = await learning.PostUpdateAsync(http.User, lr.Id, new UpdateInput { Bouwsteen = form.Bouwsteen, Text = form.Text }, files, http.RequestAborted);
        if (outcome.Value is not { } update)
        {
            return EventsApi.Problem(http, outcome);
        }
        var attachments = await db.Set<UpdateAttachment>().AsNoTracking().Where(a => a.UpdateId == update.Id).OrderBy(a => a.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Created($"{UpdatesRoute}?leerregio={lr.Slug}",
            new UpdateDto(update.Id, lr.Slug, form.Bouwsteen!, update.On, update.Text, [.. attachments.Select(Dto)]));
    }

    private static async Task<IResult> CommentsAsync(HttpContext http, LearningEnvironment learning, GrozDbContext db, int? documentId, int? updateId)
    {
        if (documentId is { } id)
        {
            var d = await db.KnowledgeDocuments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted);
            if (d is null || !KnowledgeLibrary.MayRead(http.User, d))
            {
                return Errors.Problem(http, 404, "not-found");
            }
        }
        else if (await learning.UpdateAsync(updateId ?? 0, http.RequestAborted) is null)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        if (!LearningEnvironment.IsMember(http.User))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        var raw = await db.Set<KnowledgeComment>().AsNoTracking()
            .Where(c => documentId != null ? c.DocumentId == documentId : c.UpdateId == updateId).OrderBy(c => c.Id).Take(500)
            .Select(c => new { c.Id, c.Text, c.CreatedAt, c.AuthorUserId, c.LeerregioId, Author = db.Users.Where(u => u.Id == c.AuthorUserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(http.RequestAborted);
        return TypedResults.Ok(raw.Select(c => new CommentDto(c.Id, c.Author ?? "", c.CreatedAt, c.Text,
            LearningEnvironment.MayDeleteComment(http.User, new KnowledgeComment { AuthorUserId = c.AuthorUserId, LeerregioId = c.LeerregioId, Text = "" }))).ToList());
    }

    private static async Task<IResult> AddCommentAsync(HttpContext http, LearningEnvironment learning, int? documentId, int? updateId, CommentInput input)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await learning.CommentAsync(http.User, documentId, updateId, input, http.RequestAborted);
        if (outcome.Value is not { } c)
        {
            return EventsApi.Problem(http, outcome);
        }
        return TypedResults.Created($"/api/v1/knowledge/comments/{c.Id}", new CommentDto(c.Id, "", c.CreatedAt, c.Text, true));
    }

    private static async Task<IResult> DeleteCommentAsync(int id, HttpContext http, LearningEnvironment learning)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        return await learning.DeleteCommentAsync(http.User, id, http.RequestAborted) ? TypedResults.NoContent() : Errors.Problem(http, 404, "not-found");
    }

    private static async Task<IResult> FollowsAsync(HttpContext http, GrozDbContext db)
    {
        var userId = http.User.UserId();
        var follows = await db.Set<KnowledgeFollow>().AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.Kind).ThenBy(f => f.Code)
            .Select(f => new { f.Kind, f.Code }).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(follows.Select(f => new FollowDto(f.Kind == FollowKind.Bouwsteen ? "bouwsteen" : "theme", f.Code)).ToList());
    }

    private static async Task<IResult> FollowAsync(string kind, string code, HttpContext http, LearningEnvironment learning) =>
        await ChangeFollowAsync(kind, code, http, (userId, k, c) => learning.FollowAsync(userId, k, c, http.RequestAborted));

    private static async Task<IResult> UnfollowAsync(string kind, string code, HttpContext http, LearningEnvironment learning) =>
        await ChangeFollowAsync(kind, code, http, async (userId, k, c) => await learning.UnfollowAsync(userId, k, c, http.RequestAborted) > 0);

    private static async Task<IResult> ChangeFollowAsync(string kind, string code, HttpContext http, Func<string, FollowKind, string, Task<bool>> change)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (LearningEnvironment.ParseFollow(kind, code) is not { } follow)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [Errors.Title(http, "unknown-follow")] },
                type: Errors.TypeUri("unknown-follow"), title: Errors.Title(http, "unknown-follow"));
        }
        await change(http.User.UserId()!, follow.Kind, follow.Code);
        return TypedResults.Ok(new FollowDto(follow.Kind == FollowKind.Bouwsteen ? "bouwsteen" : "theme", follow.Code));
    }

    private static async Task<IResult> MoveDeadlineAsync(int id, SubsidyInput input, HttpContext http, GrozDbContext db, KnowledgeLibrary library)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var d = await db.KnowledgeDocuments.FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted);
        if (d is null || !KnowledgeLibrary.MayRead(http.User, d))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        if (!KnowledgeLibrary.MayWrite(http.User, d.LeerregioId))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        var errors = await library.MoveDeadlineAsync(d, input.SubsidyDeadline, input.SubsidyAmount, http.RequestAborted);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }));
        }
        return TypedResults.Ok(new SubsidyInput(d.SubsidyDeadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.SubsidyAmount));
    }
}

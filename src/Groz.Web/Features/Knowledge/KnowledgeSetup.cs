using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Groz.Web.Features.Knowledge;

public static class KnowledgeSetup
{
    /// <summary>Room for the form fields and multipart framing around the largest file.</summary>
    public const long FormOverheadBytes = 1024 * 1024;
    /// <summary>The hard ceiling of a multipart form on the upload routes; the configured file limit is checked below it.</summary>
    public const long MaxFormBytes = 200L * 1024 * 1024;

    public const string FileRoute = "/kennisbank/bestand/{id:int}";

    public static WebApplicationBuilder AddKnowledge(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KnowledgeOptions>(builder.Configuration.GetSection("Knowledge"));
        builder.Services.AddSingleton<SafeUpload>();
        builder.Services.AddScoped<KnowledgeLibrary>();
        builder.Services.AddScoped<LearningEnvironment>();
        builder.Services.AddScoped<SubsidyReminders>();
        builder.Services.AddScoped<KnowledgeDigest>();
        builder.Services.AddScoped<Accounts.IPersonalDataPart, KnowledgePersonalData>();
        builder.Services.AddSingleton<SubsidyReminderJob>();
        builder.Services.AddHostedService(s => s.GetRequiredService<SubsidyReminderJob>());
        builder.Services.AddSingleton<KnowledgeDigestJob>();
        builder.Services.AddHostedService(s => s.GetRequiredService<KnowledgeDigestJob>());
        var max = builder.Configuration.GetSection("Knowledge").Get<KnowledgeOptions>()?.MaxUploadBytes ?? new KnowledgeOptions().MaxUploadBytes;
        foreach (var route in new[] { KnowledgeApi.DocumentsRoute, KnowledgeApi.VersionsRoute, Manage.IndexModel.Route, Manage.DocumentModel.Route })
        {
            builder.AllowLargeUpload(route, Math.Min(max + FormOverheadBytes, MaxFormBytes));
        }
        // An update carries up to three attachments of the same size limit.
        foreach (var route in new[] { LearningApi.UpdatesRoute, Learn.PostModel.Route })
        {
            builder.AllowLargeUpload(route, Math.Min((LearningEnvironment.MaxAttachments * max) + FormOverheadBytes, MaxFormBytes));
        }
        return builder;
    }

    public static WebApplication MapKnowledge(this WebApplication app)
    {
        app.MapKnowledgeApi();
        app.MapLearning();
        // Files are served by this endpoint only, never from wwwroot: with the type found at upload, as an attachment
        // (images may be shown inline, as images only), nosniff, and a CSP that lets nothing in the file run.
        app.MapGet(FileRoute, FileAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> FileAsync(int id, bool? inline, HttpContext http, GrozDbContext db, SafeUpload uploads)
    {
        var v = await db.KnowledgeVersions.AsNoTracking().Where(v => v.Id == id && v.StoredName != null)
            .Select(v => new { v.StoredName, v.FileName, v.ContentType, Document = db.KnowledgeDocuments.First(d => d.Id == v.DocumentId) })
            .FirstOrDefaultAsync(http.RequestAborted);
        if (v is null || !KnowledgeLibrary.MayRead(http.User, v.Document) || SafeUpload.TypeOf(v.ContentType) is not { } type
            || uploads.PathOf(v.StoredName!) is not { } path || !File.Exists(path))
        {
            return Results.NotFound();
        }
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        headers[HeaderNames.CacheControl] = "private, no-store";
        if (v.Document.Sharing != KnowledgeSharing.AllLeerregios)
        {
            headers[HeaderNames.CacheControl] = "private, no-store";
        }
        var disposition = new ContentDispositionHeaderValue(inline == true && type.IsImage ? "inline" : "attachment");
        disposition.SetHttpFileName(v.FileName ?? "document" + type.Extension);
        headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return Results.File(path, type.ContentType);
    }
}

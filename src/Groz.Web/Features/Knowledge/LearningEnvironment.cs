using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Collaboration;
using Groz.Web.Features.Events;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Knowledge;

/// <summary>A short post for a bouwsteen of a leerregio.</summary>
public sealed class UpdateInput
{
    /// <summary>Bekostiging, DataIct, LerendVermogen, Monitoring or Samenwerking.</summary>
    public string? Bouwsteen { get; set; }
    public string? Text { get; set; }
}

public sealed class CommentInput
{
    /// <summary>Plain text or Markdown (raw HTML is removed when shown).</summary>
    public string? Text { get; set; }
}

/// <summary>
/// The learning environment's writes, shared by the pages and the API.
/// <list type="bullet">
/// <item>Updates go into Features/Collaboration's bouwsteen updates (one updates table), with attachments checked and
/// stored by <see cref="SafeUpload"/>. Who posts: the leerregio's knowledge editors (coordinators, administrators and
/// professionals, <see cref="KnowledgeLibrary.MayWrite"/>): the trekkers' people are professionals. Updates are public,
/// like the Samenwerking page that lists them.</item>
/// <item>Comments: members of any leerregio who may read the item (leerregio's learn from each other); shown to members
/// only, because they carry the author's name. Deleted by the author or a coordinator of the item's leerregio.</item>
/// <item>Follows: any member, a bouwsteen or a theme.</item>
/// </list>
/// </summary>
public sealed class LearningEnvironment(GrozDbContext db, SafeUpload uploads, KnowledgeLibrary library, Collaborations collaborations, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public const int MaxUpdateChars = 4000;
    public const int MaxCommentChars = 2000;
    public const int MaxAttachments = 3;

    public static readonly IReadOnlyDictionary<BouwsteenKind, string> Codes = new Dictionary<BouwsteenKind, string>
    {
        [BouwsteenKind.Bekostiging] = "bekostiging",
        [BouwsteenKind.DataIct] = "data-ict",
        [BouwsteenKind.LerendVermogen] = "lerend-vermogen",
        [BouwsteenKind.Monitoring] = "monitoring",
        [BouwsteenKind.Samenwerking] = "samenwerking",
    };

    public static BouwsteenKind? KindOf(string code) => Codes.Where(c => c.Value == code).Select(c => (BouwsteenKind?)c.Key).FirstOrDefault();

    public static BouwsteenKind? ParseBouwsteen(string? value) =>
        Enum.TryParse<BouwsteenKind>(value, out var b) && Enum.IsDefined(b) && !int.TryParse(value, out _) ? b : null;

    /// <summary>Signed in and a member of some leerregio (or the installation administrator).</summary>
    public static bool IsMember(ClaimsPrincipal user) => user.UserId() is not null && (user.IsInstallationAdmin() || user.MemberOf().Any());

    public static bool MayDeleteComment(ClaimsPrincipal user, KnowledgeComment c) =>
        c.AuthorUserId == user.UserId() || user.HasRole(GrozRole.Coordinator, c.LeerregioId) || user.IsInstallationAdmin();

    public async Task<Outcome<BouwsteenUpdate>> PostUpdateAsync(ClaimsPrincipal user, int leerregioId, UpdateInput input, IReadOnlyList<UploadedFile> files, CancellationToken ct = default)
    {
        if (!KnowledgeLibrary.MayWrite(user, leerregioId))
        {
            return Outcome<BouwsteenUpdate>.Fail("not-allowed", null, l["Only coordinators and professionals of this leerregio post updates."], 403);
        }
        var errors = new Dictionary<string, string>();
        var kind = ParseBouwsteen(input.Bouwsteen);
        if (kind is null)
        {
            errors[nameof(UpdateInput.Bouwsteen)] = l["Choose a bouwsteen from the list."];
        }
        var text = input.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxUpdateChars)
        {
            errors[nameof(UpdateInput.Text)] = l["Write the update (at most 4000 characters)."];
        }
        var checkedFiles = new List<(UploadedFile File, FileType Type)>();
        if (files.Count > MaxAttachments)
        {
            errors["Attachments"] = string.Format(CultureInfo.CurrentCulture, l["Attach at most {0} files."], MaxAttachments);
        }
        else
        {
            foreach (var f in files)
            {
                var (type, problem) = uploads.Check(f.Content);
                if (type is null)
                {
                    errors["Attachments"] = library.UploadMessage(problem!);
                    break;
                }
                checkedFiles.Add((f, type));
            }
        }
        if (errors.Count > 0)
        {
            return Outcome<BouwsteenUpdate>.Invalid(errors);
        }
        var code = Codes[kind!.Value];
        var bouwsteenId = await db.Bouwstenen.Where(b => b.LeerregioId == leerregioId && b.Code == code).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
        if (bouwsteenId is null)
        {
            // A leerregio whose bouwstenen were never opened: create them as the Samenwerking page does.
            bouwsteenId = (await collaborations.BouwstenenAsync(leerregioId, ct)).First(b => b.Code == code).Id;
        }
        var now = time.GetUtcNow();
        var update = new BouwsteenUpdate { BouwsteenId = bouwsteenId.Value, On = DateOnly.FromDateTime(Recurrence.Local(now)), Text = text, AuthorUserId = user.UserId() };
        var stored = new List<string>();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.BouwsteenUpdates.Add(update);
            await db.SaveChangesAsync(ct);
            foreach (var (f, type) in checkedFiles)
            {
                var (name, sha) = await uploads.StoreAsync(f.Content, ct);
                stored.Add(name);
                db.Set<UpdateAttachment>().Add(new UpdateAttachment
                {
                    UpdateId = update.Id, StoredName = name, Sha256 = sha, ContentType = type.ContentType, SizeBytes = f.Content.LongLength,
                    FileName = SafeUpload.CleanFileName(f.FileName, type),
                });
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            // Nothing is left on disk that no row points to.
            stored.ForEach(uploads.Delete);
            throw;
        }
        return Outcome<BouwsteenUpdate>.Ok(update);
    }

    /// <summary>The update with its leerregio, or null.</summary>
    public Task<UpdateRef?> UpdateAsync(int updateId, CancellationToken ct) =>
        (from u in db.BouwsteenUpdates.AsNoTracking()
         join b in db.Bouwstenen on u.BouwsteenId equals b.Id
         where u.Id == updateId
         select new UpdateRef(u.Id, b.LeerregioId, b.Code)).FirstOrDefaultAsync(ct);

    public sealed record UpdateRef(int Id, int LeerregioId, string Code);

    public async Task<Outcome<KnowledgeComment>> CommentAsync(ClaimsPrincipal user, int? documentId, int? updateId, CommentInput input, CancellationToken ct = default)
    {
        int leerregioId;
        if (documentId is { } docId)
        {
            var d = await db.KnowledgeDocuments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == docId, ct);
            if (d is null || !KnowledgeLibrary.MayRead(user, d))
            {
                return Outcome<KnowledgeComment>.Fail("not-found", null, l["This document does not exist."], 404);
            }
            leerregioId = d.LeerregioId;
        }
        else if (await UpdateAsync(updateId ?? 0, ct) is { } u)
        {
            leerregioId = u.LeerregioId;
        }
        else
        {
            return Outcome<KnowledgeComment>.Fail("not-found", null, l["This update does not exist."], 404);
        }
        if (!IsMember(user))
        {
            return Outcome<KnowledgeComment>.Fail("not-allowed", null, l["Only members of a leerregio can respond."], 403);
        }
        var text = input.Text?.Trim() ?? "";
        if (text.Length == 0)
        {
            return Outcome<KnowledgeComment>.Invalid(new Dictionary<string, string> { [nameof(CommentInput.Text)] = l["Write your response."] });
        }
        if (text.Length > MaxCommentChars)
        {
            return Outcome<KnowledgeComment>.Invalid(new Dictionary<string, string>
            {
                [nameof(CommentInput.Text)] = string.Format(CultureInfo.CurrentCulture, l["Use at most {0} characters."], MaxCommentChars),
            });
        }
        var comment = new KnowledgeComment
        {
            DocumentId = documentId, UpdateId = documentId is null ? updateId : null, LeerregioId = leerregioId,
            AuthorUserId = user.UserId()!, Text = text, CreatedAt = time.GetUtcNow(),
        };
        db.Set<KnowledgeComment>().Add(comment);
        await db.SaveChangesAsync(ct);
        return Outcome<KnowledgeComment>.Ok(comment);
    }

    /// <summary>Deletes a comment the user may delete; the same 404 for "not there" and "not yours", so ids reveal nothing.</summary>
    public async Task<bool> DeleteCommentAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        var c = await db.Set<KnowledgeComment>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !MayDeleteComment(user, c))
        {
            return false;
        }
        db.Remove(c);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public sealed record CommentView(int Id, string Author, DateTimeOffset CreatedAt, string Html, bool MayDelete);

    /// <summary>The comments on one item, oldest first, with safe HTML; empty for visitors (names are for members).</summary>
    public async Task<List<CommentView>> CommentsAsync(ClaimsPrincipal user, int? documentId, int? updateId, CancellationToken ct = default)
    {
        if (!IsMember(user))
        {
            return [];
        }
        var rows = await db.Set<KnowledgeComment>().AsNoTracking()
            .Where(c => documentId != null ? c.DocumentId == documentId : c.UpdateId == updateId)
            .OrderBy(c => c.Id).Take(500)
            .Select(c => new { Comment = c, Author = db.Users.Where(u => u.Id == c.AuthorUserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new CommentView(r.Comment.Id, r.Author ?? "", r.Comment.CreatedAt, KnowledgeMarkdown.ToSafeHtml(r.Comment.Text), MayDeleteComment(user, r.Comment)))];
    }

    /// <summary>Checks a follow's kind and code: a bouwsteen name or a theme code.</summary>
    public static (FollowKind Kind, string Code)? ParseFollow(string? kind, string? code)
    {
        if (string.Equals(kind, "bouwsteen", StringComparison.OrdinalIgnoreCase) && ParseBouwsteen(code) is { } b)
        {
            return (FollowKind.Bouwsteen, b.ToString());
        }
        if (string.Equals(kind, "theme", StringComparison.OrdinalIgnoreCase) && code is not null && Shared.Themes.IsKnown(code))
        {
            return (FollowKind.Theme, code);
        }
        return null;
    }

    public async Task<bool> FollowAsync(string userId, FollowKind kind, string code, CancellationToken ct = default)
    {
        if (await db.Set<KnowledgeFollow>().AnyAsync(f => f.UserId == userId && f.Kind == kind && f.Code == code, ct))
        {
            return false;
        }
        db.Set<KnowledgeFollow>().Add(new KnowledgeFollow { UserId = userId, Kind = kind, Code = code, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A double click that raced the check: the unique index kept one, which is what was asked.
            return false;
        }
        return true;
    }

    public Task<int> UnfollowAsync(string userId, FollowKind kind, string code, CancellationToken ct = default) =>
        db.Set<KnowledgeFollow>().Where(f => f.UserId == userId && f.Kind == kind && f.Code == code).ExecuteDeleteAsync(ct);

    public Task<int> UnfollowAllAsync(string userId, CancellationToken ct = default) =>
        db.Set<KnowledgeFollow>().Where(f => f.UserId == userId).ExecuteDeleteAsync(ct);
}

/// <summary>Who follows what a document is about.</summary>
public static class KnowledgeFollows
{
    /// <summary>User ids that follow the document's bouwsteen or one of its themes and may read it.</summary>
    public static IQueryable<string> FollowersOf(GrozDbContext db, KnowledgeDocument d)
    {
        var bouwsteen = d.Bouwsteen?.ToString();
        var themes = d.Themes;
        var follows = db.Set<KnowledgeFollow>()
            .Where(f => (f.Kind == FollowKind.Bouwsteen && f.Code == bouwsteen) || (f.Kind == FollowKind.Theme && themes.Contains(f.Code)));
        if (d.Sharing != KnowledgeSharing.AllLeerregios)
        {
            // Members of the document's leerregio only: living there or holding a role there (as Access.MemberOf reads the claims).
            follows = follows.Where(f => db.Users.Any(u => u.Id == f.UserId && u.LeerregioId == d.LeerregioId)
                || db.RoleAssignments.Any(r => r.UserId == f.UserId && r.LeerregioId == d.LeerregioId));
        }
        return follows.Select(f => f.UserId);
    }
}

using Groz.Web.Data;
using Groz.Web.Features.Collaboration;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge.Learn;

/// <summary>
/// What a leerregio works on (its bouwstenen with their latest updates and attachments, its recent documents, its
/// samenwerkingsverbanden) and what others can learn from it (the documents it shares with all leerregio's). Public, like
/// the Samenwerking page; documents only as far as the viewer may read them; responses for members.
/// </summary>
public sealed class IndexModel(GrozDbContext db, LearningEnvironment learning, KnowledgeLibrary library, Collaborations collaborations) : PageModel
{
    public const int UpdatesPerBouwsteen = 5;
    public const int DocumentsShown = 10;

    public sealed record UpdateView(BouwsteenUpdate Update, string? Author, List<UpdateAttachment> Attachments, CommentsBlock Comments);
    public sealed record BouwsteenView(Bouwsteen Bouwsteen, BouwsteenKind? Kind, List<UpdateView> Updates);
    public sealed record DocumentLine(int Id, string Title, DocumentKind Kind, DateTimeOffset UpdatedAt);

    public KnowledgeLibrary Library => library;
    public Leerregio Leerregio { get; private set; } = null!;
    public List<BouwsteenView> Bouwstenen { get; private set; } = [];
    public List<DocumentLine> Recent { get; private set; } = [];
    public List<DocumentLine> Shared { get; private set; } = [];
    public List<Collaboration.Collaboration> Partnerships { get; private set; } = [];
    public bool CanPost { get; private set; }

    [BindProperty] public CommentInput Comment { get; set; } = new();

    private async Task<bool> LoadAsync(string slug, int? errorUpdate = null, string? error = null)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is not { } lr)
        {
            return false;
        }
        Leerregio = lr;
        CanPost = KnowledgeLibrary.MayWrite(User, lr.Id);
        var bouwstenen = await collaborations.BouwstenenAsync(lr.Id, ct);
        var updateIds = bouwstenen.SelectMany(b => b.Updates.OrderByDescending(u => u.On).ThenByDescending(u => u.Id).Take(UpdatesPerBouwsteen)).Select(u => u.Id).ToList();
        var attachments = await db.Set<UpdateAttachment>().AsNoTracking().Where(a => updateIds.Contains(a.UpdateId)).OrderBy(a => a.Id).ToListAsync(ct);
        var authorIds = bouwstenen.SelectMany(b => b.Updates).Select(u => u.AuthorUserId).OfType<string>().Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var member = LearningEnvironment.IsMember(User);
        var list = new List<BouwsteenView>();
        foreach (var b in bouwstenen)
        {
            var updates = new List<UpdateView>();
            foreach (var u in b.Updates.OrderByDescending(u => u.On).ThenByDescending(u => u.Id).Take(UpdatesPerBouwsteen))
            {
                var comments = member ? await learning.CommentsAsync(User, null, u.Id, ct) : [];
                var fieldId = $"comment-{u.Id}";
                updates.Add(new UpdateView(u, u.AuthorUserId is { } a && authors.TryGetValue(a, out var name) ? name : null,
                    [.. attachments.Where(x => x.UpdateId == u.Id)],
                    new CommentsBlock(fieldId, comments, member, u.Id,
                        errorUpdate == u.Id ? error : null, errorUpdate == u.Id ? Comment.Text : null)));
            }
            list.Add(new BouwsteenView(b, LearningEnvironment.KindOf(b.Code), updates));
        }
        Bouwstenen = list;
        var visible = KnowledgeLibrary.Visible(db.KnowledgeDocuments.AsNoTracking(), User).Where(d => d.LeerregioId == lr.Id);
        Recent = await visible.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id).Take(DocumentsShown)
            .Select(d => new DocumentLine(d.Id, d.Title, d.Kind, d.UpdatedAt)).ToListAsync(ct);
        Shared = await db.KnowledgeDocuments.AsNoTracking().Where(d => d.LeerregioId == lr.Id && d.Sharing == KnowledgeSharing.AllLeerregios)
            .OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id).Take(DocumentsShown)
            .Select(d => new DocumentLine(d.Id, d.Title, d.Kind, d.UpdatedAt)).ToListAsync(ct);
        Partnerships = await db.Collaborations.AsNoTracking().Where(c => c.LeerregioId == lr.Id && c.Status != CollaborationStatus.Ended)
            .OrderBy(c => c.Name).Take(50).ToListAsync(ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(string slug, int update)
    {
        var target = await learning.UpdateAsync(update, HttpContext.RequestAborted);
        if (target is null || await db.Leerregios.AnyAsync(l => l.Id == target.LeerregioId && l.Slug == slug, HttpContext.RequestAborted) is false)
        {
            return NotFound();
        }
        var outcome = await learning.CommentAsync(User, null, update, Comment, HttpContext.RequestAborted);
        if (outcome.Status is 403 or 404)
        {
            return NotFound();
        }
        if (outcome.Value is { } c)
        {
            return Redirect($"/leren/{slug}#reactie-{c.Id}");
        }
        ModelState.AddModelError($"comment-{update}", outcome.Message!);
        return await LoadAsync(slug, update, outcome.Message) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync(string slug, int commentId)
    {
        if (!await learning.DeleteCommentAsync(User, commentId, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        return Redirect($"/leren/{slug}");
    }
}

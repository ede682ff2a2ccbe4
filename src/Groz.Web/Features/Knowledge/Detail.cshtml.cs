using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>One document: its description, the current text or file, every version with what changed, and the responses.</summary>
public sealed class DetailModel(GrozDbContext db, KnowledgeLibrary library, LearningEnvironment learning) : PageModel
{
    public KnowledgeLibrary Library => library;
    public KnowledgeDocument Document { get; private set; } = null!;
    public Leerregio Leerregio { get; private set; } = null!;
    public KnowledgeVersion Current { get; private set; } = null!;
    public string Html { get; private set; } = "";
    public bool CanWrite { get; private set; }
    public CommentsBlock Comments { get; private set; } = null!;

    /// <summary>An older version to show instead of the current one.</summary>
    [BindProperty(SupportsGet = true)] public int? Versie { get; set; }

    [BindProperty] public CommentInput Comment { get; set; } = new();

    private async Task<bool> LoadAsync(int id, string? error = null)
    {
        var d = await db.KnowledgeDocuments.AsNoTracking().Include(x => x.Versions).FirstOrDefaultAsync(x => x.Id == id, HttpContext.RequestAborted);
        if (d is null || !KnowledgeLibrary.MayRead(User, d))
        {
            return false;
        }
        Document = d;
        Leerregio = await db.Leerregios.AsNoTracking().FirstAsync(l => l.Id == d.LeerregioId, HttpContext.RequestAborted);
        Current = d.Versions.FirstOrDefault(v => v.Number == Versie) ?? d.Versions.Single(v => v.Number == d.CurrentVersion);
        Html = KnowledgeMarkdown.ToSafeHtml(Current.Markdown);
        CanWrite = KnowledgeLibrary.MayWrite(User, d.LeerregioId);
        var comments = await learning.CommentsAsync(User, d.Id, null, HttpContext.RequestAborted);
        Comments = new CommentsBlock("Comment_Text", comments, LearningEnvironment.IsMember(User), null, error, error is null ? null : Comment.Text);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(int id)
    {
        var outcome = await learning.CommentAsync(User, id, null, Comment, HttpContext.RequestAborted);
        if (outcome.Status is 403 or 404)
        {
            return NotFound();
        }
        if (outcome.Value is { } c)
        {
            return Redirect($"/kennisbank/{id}#reactie-{c.Id}");
        }
        ModelState.AddModelError("Comment.Text", outcome.Message!);
        return await LoadAsync(id, outcome.Message) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync(int id, int commentId)
    {
        if (!await LoadAsync(id) || !await learning.DeleteCommentAsync(User, commentId, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        return Redirect($"/kennisbank/{id}");
    }
}

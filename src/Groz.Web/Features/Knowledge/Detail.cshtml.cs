using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>One document: its description, the current text or file, and every version with what changed.</summary>
public sealed class DetailModel(GrozDbContext db, KnowledgeLibrary library) : PageModel
{
    public KnowledgeLibrary Library => library;
    public KnowledgeDocument Document { get; private set; } = null!;
    public Leerregio Leerregio { get; private set; } = null!;
    public KnowledgeVersion Current { get; private set; } = null!;
    public string Html { get; private set; } = "";
    public bool CanWrite { get; private set; }

    /// <summary>An older version to show instead of the current one.</summary>
    [BindProperty(SupportsGet = true)] public int? Versie { get; set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var d = await db.KnowledgeDocuments.AsNoTracking().Include(x => x.Versions).FirstOrDefaultAsync(x => x.Id == id, HttpContext.RequestAborted);
        if (d is null || !KnowledgeLibrary.MayRead(User, d))
        {
            return NotFound();
        }
        Document = d;
        Leerregio = await db.Leerregios.AsNoTracking().FirstAsync(l => l.Id == d.LeerregioId, HttpContext.RequestAborted);
        Current = d.Versions.FirstOrDefault(v => v.Number == Versie) ?? d.Versions.Single(v => v.Number == d.CurrentVersion);
        Html = KnowledgeMarkdown.ToSafeHtml(Current.Markdown);
        CanWrite = KnowledgeLibrary.MayWrite(User, d.LeerregioId);
        return Page();
    }
}

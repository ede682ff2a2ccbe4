using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge.Manage;

/// <summary>A leerregio's documents and the form to add one (a file or a Markdown page); for knowledge editors.</summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = KnowledgeSetup.MaxFormBytes)]
public sealed class IndexModel(GrozDbContext db, KnowledgeLibrary library) : PageModel
{
    public const string Route = "/kennisbank/beheer/{slug}";

    [BindProperty] public DocumentInput Input { get; set; } = new() { Sharing = nameof(KnowledgeSharing.Leerregio) };
    [BindProperty] public IFormFile? Upload { get; set; }

    public KnowledgeLibrary Library => library;
    public Leerregio Leerregio { get; private set; } = null!;
    public List<KnowledgeDocument> Documents { get; private set; } = [];

    private async Task<bool> LoadAsync(string slug)
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, HttpContext.RequestAborted) is not { } lr || !KnowledgeLibrary.MayWrite(User, lr.Id))
        {
            return false;
        }
        Leerregio = lr;
        Documents = await db.KnowledgeDocuments.AsNoTracking().Where(d => d.LeerregioId == lr.Id).OrderByDescending(d => d.UpdatedAt).Take(200).ToListAsync(HttpContext.RequestAborted);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        ModelState.Clear();
        var file = await KnowledgeLibrary.ReadAsync(Upload, HttpContext.RequestAborted);
        var outcome = await library.CreateAsync(User, Leerregio.Id, Input, file, HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            return Redirect($"/kennisbank/{outcome.DocumentId}");
        }
        foreach (var (field, message) in outcome.Errors)
        {
            ModelState.AddModelError($"Input.{field}", message);
        }
        if (outcome.UploadProblem is { } problem)
        {
            ModelState.AddModelError(nameof(Upload), library.UploadMessage(problem));
        }
        return Page();
    }
}

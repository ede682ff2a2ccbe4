using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge.Learn;

/// <summary>A short update for a bouwsteen, with up to three attachments; for the leerregio's knowledge editors.</summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = KnowledgeSetup.MaxFormBytes)]
public sealed class PostModel(GrozDbContext db, LearningEnvironment learning, KnowledgeLibrary library) : PageModel
{
    public const string Route = "/leren/{slug}/bericht";

    [BindProperty] public UpdateInput Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Attachments { get; set; } = [];

    public KnowledgeLibrary Library => library;
    public Leerregio Leerregio { get; private set; } = null!;

    private async Task<bool> LoadAsync(string slug)
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, HttpContext.RequestAborted) is not { } lr || !KnowledgeLibrary.MayWrite(User, lr.Id))
        {
            return false;
        }
        Leerregio = lr;
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
        var files = new List<UploadedFile>();
        foreach (var f in Attachments.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            files.Add((await KnowledgeLibrary.ReadAsync(f, HttpContext.RequestAborted))!);
        }
        var outcome = await learning.PostUpdateAsync(User, Leerregio.Id, Input, files, HttpContext.RequestAborted);
        if (outcome.Value is { } update)
        {
            return Redirect($"/leren/{slug}#update-{update.Id}");
        }
        foreach (var (field, message) in outcome.FieldErrors ?? new Dictionary<string, string>())
        {
            ModelState.AddModelError(field == "Attachments" ? "Attachments" : $"Input.{field}", message);
        }
        return Page();
    }
}

using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge.Manage;

/// <summary>A new version of one document: a new file, or the page's text changed, with what changed.</summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = KnowledgeSetup.MaxFormBytes)]
public sealed class DocumentModel(GrozDbContext db, KnowledgeLibrary library) : PageModel
{
    public const string Route = "/kennisbank/beheer/{slug}/{id:int}";

    [BindProperty] public VersionInput Input { get; set; } = new();
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public SubsidyEdit Subsidy { get; set; } = new();

    /// <summary>The subsidy form: text, so that a wrong amount gets the same clear message as a wrong date instead of a binding error.</summary>
    public sealed class SubsidyEdit
    {
        public string? SubsidyDeadline { get; set; }
        public string? SubsidyAmount { get; set; }
    }

    public KnowledgeLibrary Library => library;
    public Leerregio Leerregio { get; private set; } = null!;
    public KnowledgeDocument Document { get; private set; } = null!;

    private async Task<bool> LoadAsync(string slug, int id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is not { } lr || !KnowledgeLibrary.MayWrite(User, lr.Id)
            || await db.KnowledgeDocuments.Include(d => d.Versions).FirstOrDefaultAsync(d => d.Id == id && d.LeerregioId == lr.Id, ct) is not { } d)
        {
            return false;
        }
        (Leerregio, Document) = (lr, d);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        Input.Markdown = Document.Versions.FirstOrDefault(v => v.Number == Document.CurrentVersion)?.Markdown;
        Subsidy.SubsidyDeadline = Document.SubsidyDeadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Subsidy.SubsidyAmount = Document.SubsidyAmount?.ToString("0.##", CultureInfo.InvariantCulture);
        return Page();
    }

    /// <summary>
    /// The deadline and amount, through the same <see cref="KnowledgeLibrary.MoveDeadlineAsync"/> as the API, so the page
    /// refuses what the API refuses and a moved deadline arms the reminder again.
    /// </summary>
    public async Task<IActionResult> OnPostSubsidyAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        ModelState.Clear();
        Dictionary<string, string> errors;
        if (!KnowledgeLibrary.TryParseAmount(Subsidy.SubsidyAmount, out var amount))
        {
            errors = new() { [nameof(DocumentInput.SubsidyAmount)] = library.AmountMessage };
        }
        else
        {
            errors = await library.MoveDeadlineAsync(Document, Subsidy.SubsidyDeadline, amount, HttpContext.RequestAborted);
        }
        if (errors.Count == 0)
        {
            return Redirect($"/kennisbank/{Document.Id}");
        }
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Subsidy.{field}", message);
        }
        Input.Markdown = Document.Versions.FirstOrDefault(v => v.Number == Document.CurrentVersion)?.Markdown;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        ModelState.Clear();
        var outcome = await library.AddVersionAsync(User, Document, Input, await KnowledgeLibrary.ReadAsync(Upload, HttpContext.RequestAborted), HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            return Redirect($"/kennisbank/{Document.Id}");
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

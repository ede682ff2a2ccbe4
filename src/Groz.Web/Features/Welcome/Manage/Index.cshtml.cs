using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Welcome.Manage;

/// <summary>Welcome letters of a leerregio: upload the municipality's list of new addresses, see the batches; coordinators only.</summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = WelcomeLetters.MaxBytes + 64 * 1024)]
public sealed class IndexModel(GrozDbContext db, WelcomeLetters letters, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record BatchLine(int Id, string? FileName, int Letters, int Skipped, DateTimeOffset CreatedAt, int Used);

    [BindProperty] public IFormFile? Upload { get; set; }
    public Leerregio Leerregio { get; private set; } = null!;
    public List<BatchLine> Batches { get; private set; } = [];
    public WelcomeLetters.Result? Imported { get; private set; }

    private async Task<bool> LoadAsync(string slug)
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, HttpContext.RequestAborted) is not { } lr || !WelcomeLetters.MayManage(User, lr.Id))
        {
            return false;
        }
        Leerregio = lr;
        Batches = await db.WelcomeLetterBatches.AsNoTracking().Where(b => b.LeerregioId == lr.Id).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).Take(100)
            .Select(b => new BatchLine(b.Id, b.FileName, b.Letters, b.Skipped, b.CreatedAt, db.WelcomeLetters.Count(x => x.BatchId == b.Id && x.UsedAt != null)))
            .ToListAsync(HttpContext.RequestAborted);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), l["Choose a CSV file with the new addresses."]);
            return Page();
        }
        if (Upload.Length > WelcomeLetters.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), l["The file is too large: at most 2 MB."]);
            return Page();
        }
        await using var stream = Upload.OpenReadStream();
        Imported = await letters.ImportAsync(Leerregio.Id, stream, Upload.FileName, Accounts.Access.UserId(User), HttpContext.RequestAborted);
        if (Imported.Batch is not { } b)
        {
            ModelState.AddModelError(nameof(Upload), Imported.FileError!);
            return Page();
        }
        await audit.WriteAsync("welcome.letters-imported", nameof(WelcomeLetterBatch), b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Leerregio.Id, $"{b.Letters}/{b.Skipped}");
        await LoadAsync(slug);
        return Page();
    }
}

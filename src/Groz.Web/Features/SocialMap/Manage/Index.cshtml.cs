using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap.Manage;

/// <summary>
/// Exchange of the Wijkportaal for coordinators: download the published map as an HSDS package, upload one to
/// import. Only the leerregio's coordinators and administrators get in; for everyone else it does not exist (404).
/// </summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = HsdsImport.MaxPackageBytes)]
public sealed class IndexModel(GrozDbContext db, HsdsExport export, HsdsImport import, AuditLog audit, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string Route = "/beheer/wijkportaal/{slug}";

    public Leerregio Leerregio { get; private set; } = null!;
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool Lenient { get; set; }
    public ImportReport? Report { get; private set; }
    public int PublishedServices { get; private set; }
    public int DraftServices { get; private set; }
    public int Organizations { get; private set; }

    private async Task<bool> LoadAsync(string slug)
    {
        if (await RegionManagement.FindManagedAsync(db, User, slug, HttpContext.RequestAborted) is not { } leerregio)
        {
            return false;
        }
        Leerregio = leerregio;
        var counts = await db.SmServices.Where(s => s.LeerregioId == leerregio.Id).GroupBy(s => s.Publication)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(HttpContext.RequestAborted);
        PublishedServices = counts.Where(c => c.Key == Publication.Published).Sum(c => c.Count);
        DraftServices = counts.Where(c => c.Key == Publication.Draft).Sum(c => c.Count);
        Organizations = await db.SmOrganizations.CountAsync(o => o.LeerregioId == leerregio.Id && o.Publication == Publication.Published, HttpContext.RequestAborted);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnGetExportAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var buffer = new MemoryStream();
        await export.WriteAsync(Leerregio.Id, buffer, HttpContext.RequestAborted);
        await audit.WriteAsync("socialmap.exported", "leerregio", slug, Leerregio.Id, ct: HttpContext.RequestAborted);
        buffer.Position = 0;
        return File(buffer, SocialMapApi.ZipType, SocialMapApi.FileName(slug, time.GetUtcNow()));
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), l["Choose a zip file."]);
            return Page();
        }
        await using (var stream = Upload.OpenReadStream())
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, HttpContext.RequestAborted);
            buffer.Position = 0;
            Report = await import.ImportAsync(Leerregio.Id, buffer, Lenient, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
                SocialMapApi.UpdatedBy(l, Leerregio), HttpContext.RequestAborted);
        }
        await audit.WriteAsync(Report.Imported ? "socialmap.imported" : "socialmap.import-rejected", "leerregio", slug, Leerregio.Id,
            $"added {Report.Added}, changed {Report.Changed}, rejected {Report.Rejected.Count}", ct: HttpContext.RequestAborted);
        if (!Report.Imported)
        {
            ModelState.AddModelError(nameof(Upload), l["Nothing has been imported: the package has errors. Correct them and try again."]);
        }
        await LoadAsync(slug);
        return Page();
    }

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

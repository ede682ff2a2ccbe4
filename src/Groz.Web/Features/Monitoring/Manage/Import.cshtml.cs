using System.Globalization;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Manage;

/// <summary>Coordinators upload CBS or GGD figures; valid rows go in, the rejected ones are listed with row, column and reason.</summary>
[Authorize]
public sealed class ImportModel(GrozDbContext db, MonitoringImport import, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public ImportKind Kind { get; set; } = ImportKind.Cbs;
    [BindProperty] public IFormFile? Upload { get; set; }

    public Leerregio Leerregio { get; private set; } = null!;
    public ImportReport? Report { get; private set; }

    private async Task<bool> LoadAsync(string slug)
    {
        // Only coordinators import; for anyone else the page does not exist.
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug) is not { } lr || !User.CanManage(lr.Id))
        {
            return false;
        }
        Leerregio = lr;
        return true;
    }

    public string? ErrorFor(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnGetVoorbeeldAsync(string slug, string? soort) =>
        await LoadAsync(slug)
            ? soort == "ggd"
                ? File(Encoding.UTF8.GetBytes(MonitoringImport.ExampleGgd()), "text/csv; charset=utf-8", "groz-ggd-voorbeeld.csv")
                : File(Encoding.UTF8.GetBytes(MonitoringImport.ExampleCbs()), "text/csv; charset=utf-8", "groz-cbs-voorbeeld.csv")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        ModelState.Clear();
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), l["Choose a CSV file."]);
            return Page();
        }
        if (Upload.Length > MonitoringImport.MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), l["The file is too large: at most 900 kB."]);
            return Page();
        }
        await using (var stream = Upload.OpenReadStream())
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            Report = await import.ImportAsync(Leerregio.Id, Kind, reader, HttpContext.RequestAborted);
        }
        if (Report.FileRejected)
        {
            ModelState.AddModelError(nameof(Upload), l["Nothing has been imported: the file cannot be used. See the report below."]);
            return Page();
        }
        await audit.WriteAsync("monitoring.imported", "leerregio", Leerregio.Slug, Leerregio.Id,
            string.Create(CultureInfo.InvariantCulture, $"{Kind}: {Report.Accepted} accepted, {Report.Rejections.Count} rejected"));
        return Page();
    }
}

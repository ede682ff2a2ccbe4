using System.Globalization;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions.Manage;

/// <summary>Upload a CSV with CBS column names; every row is checked and one bad row means nothing is imported.</summary>
public sealed class ImportModel(GrozDbContext db, RegionImport import, AuditLog audit, IStringLocalizer<SharedResource> l) : ManagePageModel(db)
{
    [BindProperty] public IFormFile? Upload { get; set; }

    public IReadOnlyList<string> ImportErrors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnGetVoorbeeldAsync(string slug) =>
        await LoadAsync(slug)
            ? File(Encoding.UTF8.GetBytes(RegionImport.ExampleCsv()), "text/csv; charset=utf-8", "groz-wijken-voorbeeld.csv")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), l["Choose a CSV file."]);
            return Page();
        }
        if (Upload.Length > RegionImport.MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), l["The file is too large: at most 900 kB."]);
            return Page();
        }
        RegionImport.Result result;
        await using (var stream = Upload.OpenReadStream())
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            result = await import.ImportAsync(Leerregio.Id, reader, HttpContext.RequestAborted);
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(Upload), l["Nothing has been imported: the file has errors. Correct them and try again."]);
            ImportErrors = result.Errors;
            return Page();
        }
        await audit.WriteAsync("regions.imported", "leerregio", Leerregio.Slug, Leerregio.Id, $"{result.Gemeenten}/{result.Wijken}/{result.Buurten}");
        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["Imported: {0} new gemeenten, {1} new wijken and {2} new buurten. Existing ones have been updated."],
            result.Gemeenten, result.Wijken, result.Buurten);
        return Redirect($"/beheer/leerregios/{Leerregio.Slug}");
    }
}

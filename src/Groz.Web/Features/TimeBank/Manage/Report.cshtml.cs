using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>
/// The Tijdbank report of a leerregio for coordinators and researchers (funders get it from them, on screen or as CSV).
/// A GET form, so a report has an address that can be bookmarked and shared within the team.
/// </summary>
[Authorize]
public sealed class ReportModel(GrozDbContext db, TimeBankReports reports, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public string? From { get; set; }
        public string? To { get; set; }
        public int? WijkId { get; set; }
    }

    [BindProperty(SupportsGet = true)] public InputModel Input { get; set; } = new();

    public Leerregio Leerregio { get; private set; } = null!;
    public List<Wijk> Wijken { get; private set; } = [];
    public TimeBankReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? format)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) is not { } leerregio || !TimeBankReports.MayRead(User, leerregio.Id))
        {
            return NotFound();
        }
        Leerregio = leerregio;
        Wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Name).ToListAsync(ct);
        var today = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));
        // Without a period: this year so far, the question a funder asks most.
        Input.From ??= new DateOnly(today.Year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.To ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (TimeBankReports.Check(Input.From, Input.To, Input.WijkId, Wijken.Select(w => w.Id), l) is { } problem)
        {
            ModelState.AddModelError($"Input.{problem.Field}", problem.Message);
            return Page();
        }
        var query = new ReportQuery(leerregio.Id, Input.WijkId, TimeBankReports.ParseDay(Input.From)!.Value, TimeBankReports.ParseDay(Input.To)!.Value);
        Report = await reports.BuildAsync(query, ct);
        if (format == "csv")
        {
            var wijk = Wijken.FirstOrDefault(w => w.Id == Input.WijkId)?.Name;
            var dutch = Localization.IsDutch;
            return File(TimeBankReports.Csv(Report, leerregio.Name, wijk, l, dutch), "text/csv; charset=utf-8",
                $"tijdbank-{leerregio.Slug}-{Input.From}-{Input.To}.csv");
        }
        return Page();
    }
}

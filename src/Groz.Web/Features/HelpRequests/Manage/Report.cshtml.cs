using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests.Manage;

/// <summary>
/// The Hulpvragen report of a leerregio or wijk for coordinators (every figure), researchers (small numbers suppressed)
/// and buurtassistenten (their own wijk, suppressed). A GET form, so a report has an address to bookmark and share.
/// </summary>
[Authorize]
public sealed class ReportModel(GrozDbContext db, HelpReports reports, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
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
    /// <summary>False for buurtassistenten: they choose among their own wijken only.</summary>
    public bool WholeLeerregio { get; private set; }
    public HelpReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? format)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) is not { } leerregio || !HelpReports.MayRead(User, leerregio.Id))
        {
            return NotFound();
        }
        Leerregio = leerregio;
        var all = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Name).ToListAsync(ct);
        var readable = HelpReports.ReadableWijken(User, leerregio.Id);
        WholeLeerregio = readable is null;
        Wijken = all.Where(w => readable is null || readable.Contains(w.Id)).ToList();
        var today = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));
        // Without a period: this year so far; an assistant starts with their (first) wijk.
        Input.From ??= new DateOnly(today.Year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.To ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (readable is not null && Input.WijkId is null && Wijken.Count > 0)
        {
            Input.WijkId = Wijken[0].Id;
        }
        if (HelpReports.Check(Input.From, Input.To, Input.WijkId, all.Select(w => w.Id), readable, l) is { } problem)
        {
            ModelState.AddModelError($"Input.{problem.Field}", problem.Message);
            return Page();
        }
        var query = new HelpReportQuery(leerregio.Id, Input.WijkId, TimeBankReports.ParseDay(Input.From)!.Value, TimeBankReports.ParseDay(Input.To)!.Value);
        Report = reports.ForReader(await reports.BuildAsync(query, ct), User, leerregio.Id);
        if (format == "csv")
        {
            var wijk = all.FirstOrDefault(w => w.Id == Input.WijkId)?.Name;
            return File(HelpReports.Csv(Report, leerregio.Name, wijk, l, Localization.IsDutch), "text/csv; charset=utf-8",
                $"hulpvragen-{leerregio.Slug}-{Input.From}-{Input.To}.csv");
        }
        return Page();
    }
}

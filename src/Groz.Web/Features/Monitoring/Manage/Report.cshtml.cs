using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Manage;

/// <summary>The printable periodic report (quarter or half-year) for the learning community; coordinators and researchers.</summary>
[Authorize]
public sealed class ReportModel(GrozDbContext db, PeriodicReports reports, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public Leerregio Leerregio { get; private set; } = null!;
    public PeriodicReportData? Report { get; private set; }
    public List<ReportPeriod> Choices { get; } = [];

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) is not { } lr || !Surveys.MayRead(User, lr.Id))
        {
            return NotFound();
        }
        Leerregio = lr;
        var latest = await db.IndicatorValues.Where(v => v.LeerregioId == lr.Id && v.PeriodKind == PeriodKind.Month).MaxAsync(v => (DateOnly?)v.PeriodStart, ct)
            ?? PlatformIndicators.MonthOf(time.GetUtcNow());
        // The last eight quarters and four half-years to choose from.
        var quarter = ReportPeriod.QuarterOf(latest);
        for (var i = 0; i < 8; i++)
        {
            Choices.Add(new ReportPeriod(quarter.Start.AddMonths(-3 * i), 3));
        }
        var half = new ReportPeriod(new DateOnly(latest.Year, latest.Month <= 6 ? 1 : 7, 1), 6);
        for (var i = 0; i < 4; i++)
        {
            Choices.Add(new ReportPeriod(half.Start.AddMonths(-6 * i), 6));
        }
        var period = string.IsNullOrEmpty(Period) ? quarter : ReportPeriod.Parse(Period);
        if (period is null)
        {
            ModelState.AddModelError(nameof(Period), l["Choose a quarter (2026-Q1) or a half-year (2026-H1)."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Period = period.Key;
        Report = await reports.BuildAsync(lr, period, hideSmall: !Surveys.SeesSmallNumbers(User, lr.Id), ct);
        return Page();
    }
}

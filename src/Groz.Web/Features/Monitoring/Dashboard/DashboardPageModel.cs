using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Dashboard;

/// <summary>
/// What the public and the beheer dashboards share: the leerregio and optional wijk (by CBS code) from the address,
/// the choosers from the query string, the page and its export. The two differ only in who may look and who sees
/// small numbers.
/// </summary>
public abstract class DashboardPageModel(GrozDbContext db, Dashboards dashboards, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Indicator { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public Leerregio Leerregio { get; private set; } = null!;
    public Wijk? Wijk { get; private set; }
    public List<Wijk> Wijken { get; private set; } = [];
    public MonitorDashboard? Dashboard { get; private set; }

    /// <summary>The address of this dashboard without the wijk ("/monitoring/utrecht").</summary>
    public abstract string BasePath { get; }

    /// <summary>Null: the page does not exist for this user (404, the same as for a leerregio that does not exist).</summary>
    protected abstract bool? HideSmall(int leerregioId);

    private async Task<IActionResult?> LoadAsync(string slug, string? wijk)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) is not { } lr || HideSmall(lr.Id) is not { } hide)
        {
            return NotFound();
        }
        Leerregio = lr;
        Wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).OrderBy(w => w.Name).ToListAsync(ct);
        if (wijk is not null && (Wijk = Wijken.FirstOrDefault(w => w.Code == wijk)) is null)
        {
            return NotFound();
        }
        var outcome = await dashboards.BuildAsync(lr, Wijk, new DashboardQuery(Indicator, Kind, From, To), hide, ct);
        if (outcome.Status == 404)
        {
            return NotFound();
        }
        foreach (var (field, messages) in outcome.Errors)
        {
            ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], messages[0]);
        }
        Dashboard = outcome.Value;
        return null;
    }

    public async Task<IActionResult> OnGetAsync(string slug, string? wijk)
    {
        if (await LoadAsync(slug, wijk) is { } problem)
        {
            return problem;
        }
        if (Dashboard is null)
        {
            // A bad period: the choosers again with the message, and 400 so that links to it are known to be wrong.
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string slug, string? wijk, string? format)
    {
        if (await LoadAsync(slug, wijk) is { } problem)
        {
            return problem;
        }
        if (Dashboard is not { } d || format is not ("csv" or "xlsx"))
        {
            return BadRequest();
        }
        var rows = DashboardExport.Rows(d, l);
        return format == "csv"
            ? File(DashboardExport.Csv(rows, l, Localization.IsDutch), "text/csv; charset=utf-8", DashboardExport.FileName(d, "csv"))
            : File(await DashboardExport.XlsxAsync(rows, l, HttpContext.RequestAborted), TimeBank.StatementExport.XlsxType, DashboardExport.FileName(d, "xlsx"));
    }

    /// <summary>The query string of the current choosers, for the export links and the wijk links.</summary>
    public string Query(string? handler = null, string? format = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("indicator", Dashboard?.Indicator ?? Indicator);
        Add("kind", Kind);
        Add("from", From);
        Add("to", To);
        Add("handler", handler);
        Add("format", format);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring.Manage;

/// <summary>Results of one wave per wijk, and the change from an earlier wave for the same respondents. Aggregates only.</summary>
[Authorize]
public sealed class WaveModel(GrozDbContext db, SurveyResults results) : PageModel
{
    public Leerregio Leerregio { get; private set; } = null!;
    public WaveResults Results { get; private set; } = null!;
    public PairedChange? Change { get; private set; }
    public List<SurveyWave> Earlier { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public int? From { get; set; }

    /// <summary>The pseudonymised extract of this wave (researchers and coordinators of the leerregio; audit-logged).</summary>
    public async Task<IActionResult> OnGetExtractAsync(string slug, int id, [FromServices] SurveyExtracts extracts)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is not { } lr
            || !await db.SurveyWaves.AnyAsync(w => w.Id == id && w.LeerregioId == lr.Id, ct)
            || await extracts.BuildAsync(User, id, ct) is not { } extract)
        {
            return NotFound();
        }
        return File(extract.Csv, "text/csv", extract.FileName);
    }

    public async Task<IActionResult> OnGetAsync(string slug, int id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is not { } lr || !Surveys.MayRead(User, lr.Id)
            || await db.SurveyWaves.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.LeerregioId == lr.Id, ct) is not { } wave)
        {
            return NotFound();
        }
        Leerregio = lr;
        var hide = !Surveys.SeesSmallNumbers(User, lr.Id);
        Results = (await results.WaveAsync(id, hide, ct))!;
        Earlier = await db.SurveyWaves.AsNoTracking().Where(w => w.SurveyId == wave.SurveyId && w.Id != id && w.OpensAt < wave.OpensAt).OrderBy(w => w.OpensAt).ToListAsync(ct);
        if (From is { } from && Earlier.Any(w => w.Id == from))
        {
            Change = await results.PairedAsync(from, id, hide, ct);
        }
        return Page();
    }
}

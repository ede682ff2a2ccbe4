using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// The public monitor: per leerregio, the platform indicators of the latest computed month, per wijk, with small cells
/// suppressed for everyone (also for coordinators here: it is the public page; their exact figures are in the API and beheer).
/// </summary>
public sealed class IndexModel(GrozDbContext db, IndicatorReads reads) : PageModel
{
    public sealed record Table(Leerregio Leerregio, DateOnly? Month, Dictionary<string, string> AreaNames, List<IndicatorDefinition> Indicators, List<IndicatorValueDto> Values);

    public List<Table> Tables { get; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        await IndicatorCatalog.EnsureAsync(db, ct);
        var indicators = await db.Indicators.AsNoTracking().Where(d => d.Source == IndicatorSource.Platform && d.Computed).OrderBy(d => d.Code).ToListAsync(ct);
        foreach (var lr in await db.Leerregios.AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct))
        {
            var month = await db.IndicatorValues.Where(v => v.LeerregioId == lr.Id && v.PeriodKind == PeriodKind.Month).MaxAsync(v => (DateOnly?)v.PeriodStart, ct);
            var names = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).ToDictionaryAsync(w => w.Code, w => w.Name, ct);
            names[lr.Slug] = lr.Name;
            var values = month is { } m ? await reads.ValuesAsync(lr.Id, null, m, m, hideSmall: true, ct) : [];
            Tables.Add(new Table(lr, month, names, indicators, values));
        }
    }
}

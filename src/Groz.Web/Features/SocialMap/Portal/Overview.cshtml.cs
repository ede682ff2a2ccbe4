using Groz.Web.Data;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap.Portal;

/// <summary>Everything public in one wijk on paper: by theme, with address, phone and hours, A4 in large type (for people without internet).</summary>
public sealed class OverviewModel(GrozDbContext db, PortalSearch search, SearchIndex index, TimeProvider time) : PageModel
{
    public const int MaxEntries = 400;

    public sealed record Entry(SearchResultItem Item, string? Phone);

    public string WijkName { get; private set; } = "";
    public string LeerregioName { get; private set; } = "";
    public List<(string Theme, List<Entry> Entries)> Sections { get; private set; } = [];
    public int Total { get; private set; }
    public DateTimeOffset PrintedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        var ct = HttpContext.RequestAborted;
        var (filter, _) = await search.CheckAsync(new SearchInput { Wijk = code }, ct);
        if (filter?.WijkId is not { } wijkId)
        {
            return NotFound();
        }
        var wijk = await db.Wijken.AsNoTracking().Where(w => w.Id == wijkId).Select(w => new { w.Name, Leerregio = w.Leerregio!.Name }).FirstAsync(ct);
        (WijkName, LeerregioName) = (wijk.Name, wijk.Leerregio);
        PrintedAt = time.GetUtcNow();
        await index.EnsureFreshAsync(ct);
        var ids = await search.Filter(filter).OrderBy(d => d.Name).ThenBy(d => d.ServiceId).Take(MaxEntries).Select(d => d.ServiceId).ToListAsync(ct);
        Total = ids.Count;
        var items = await search.DescribeAsync(ids, ct);
        var phones = (await db.SmPhones.AsNoTracking().Where(p => ids.Contains(p.ServiceId!.Value)).Select(p => new { p.ServiceId, p.Number }).ToListAsync(ct))
            .GroupBy(p => p.ServiceId!.Value).ToDictionary(g => g.Key, g => g.First().Number);
        var other = Localization.IsDutch ? "Overig" : "Other";
        var order = Themes.All.Select(t => t.NameNl).ToList();
        var orderEn = Themes.All.Select(t => t.NameEn).ToList();
        Sections = items.GroupBy(i => i.Themes.Count > 0 ? i.Themes[0] : other)
            .OrderBy(g => g.Key == other ? 1 : 0).ThenBy(g => Math.Max(order.IndexOf(g.Key), orderEn.IndexOf(g.Key)))
            .Select(g => (g.Key, g.Select(i => new Entry(i, phones.GetValueOrDefault(i.Id))).ToList())).ToList();
        return Page();
    }
}

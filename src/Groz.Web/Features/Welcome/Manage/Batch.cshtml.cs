using System.Globalization;
using Groz.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Welcome.Manage;

/// <summary>
/// Which letter codes of one batch were used: a summary, then the letters a page at a time (a batch can hold thousands),
/// all of them or only the used or unused ones. Coordinators of the batch's leerregio only, like the letters themselves.
/// </summary>
[Authorize]
public sealed class BatchModel(GrozDbContext db) : PageModel
{
    public const int PageSize = 100;

    public sealed record Line(string Street, string HouseNumber, string Postcode, string City, string Code, DateTimeOffset? UsedAt);

    /// <summary>all, used or unused; anything else is read as all.</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    [BindProperty(Name = "p", SupportsGet = true)] public int PageNumber { get; set; }

    public string Slug { get; private set; } = "";
    public WelcomeLetterBatch Batch { get; private set; } = null!;
    public int Total { get; private set; }
    public int Used { get; private set; }
    public int Matching { get; private set; }
    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);
    public List<Line> Letters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, int id)
    {
        var ct = HttpContext.RequestAborted;
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        var batch = await db.WelcomeLetterBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (lr is null || batch is null || batch.LeerregioId != lr.Id || !WelcomeLetters.MayManage(User, lr.Id))
        {
            return NotFound();
        }
        (Slug, Batch) = (slug, batch);
        Show = Show is "used" or "unused" ? Show : "all";
        var all = db.WelcomeLetters.AsNoTracking().Where(x => x.BatchId == id);
        Total = await all.CountAsync(ct);
        Used = await all.CountAsync(x => x.UsedAt != null, ct);
        var shown = Show switch
        {
            "used" => all.Where(x => x.UsedAt != null),
            "unused" => all.Where(x => x.UsedAt == null),
            _ => all,
        };
        Matching = Show switch { "used" => Used, "unused" => Total - Used, _ => Total };
        PageNumber = Math.Clamp(PageNumber, 0, Pages - 1);
        Letters = await shown.OrderBy(x => x.Id).Skip(PageNumber * PageSize).Take(PageSize)
            .Select(x => new Line(x.Street, x.HouseNumber, x.Postcode, x.City, x.Code, x.UsedAt)).ToListAsync(ct);
        return Page();
    }

    public string PageLink(int page) => $"/beheer/welkom/{Slug}/{Batch.Id}?show={Show}&p={page.ToString(CultureInfo.InvariantCulture)}";
}

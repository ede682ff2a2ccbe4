using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>Vraag en aanbod of the member's leerregio: a GET form filters (works without JavaScript), newest first, paged.</summary>
[Authorize]
public sealed class OffersModel(GrozDbContext db, Marketplace market) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "soort")] public OfferKind? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "thema")] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "wijk")] public int? WijkId { get; set; }
    [BindProperty(SupportsGet = true, Name = "actueel")] public bool Current { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<MarketApi.OfferDto> Items { get; private set; } = [];
    public List<MarketApi.OfferDto> Mine { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public bool IsMember { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.HomeLeerregioId() is not { } home)
        {
            return Page();
        }
        IsMember = true;
        PageNumber = Math.Max(1, PageNumber);
        Wijken = await MarketPages.WijkOptionsAsync(db, home, HttpContext.RequestAborted);
        var query = market.Search(market.Listed(market.VisibleOffers(User)).Where(o => o.LeerregioId == home), Text, Kind, Theme, WijkId, Current);
        Total = await query.CountAsync(HttpContext.RequestAborted);
        var items = await query.OrderByDescending(o => o.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(HttpContext.RequestAborted);
        Items = await MarketApi.OfferDtosAsync(db, User, items);
        var me = User.UserId();
        var mine = await db.Offers.AsNoTracking().Where(o => o.OwnerUserId == me && o.Status == OfferStatus.Open).OrderByDescending(o => o.Id).Take(50).ToListAsync(HttpContext.RequestAborted);
        Mine = await MarketApi.OfferDtosAsync(db, User, mine);
        return Page();
    }

    /// <summary>The link to another page of the same search.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Text, ["soort"] = Kind?.ToString(), ["thema"] = Theme, ["wijk"] = WijkId?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["actueel"] = Current ? "true" : null, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/tijdbank/vraag-en-aanbod", query.Where(x => !string.IsNullOrEmpty(x.Value)));
    }
}

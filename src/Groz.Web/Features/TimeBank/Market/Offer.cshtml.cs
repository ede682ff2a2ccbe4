using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>One item: its details; for others a button that opens the private conversation, for the owner edit, close and the conversations about it.</summary>
[Authorize]
public sealed class OfferModel(GrozDbContext db, Marketplace market, IStringLocalizer<SharedResource> l) : PageModel
{
    public MarketApi.OfferDto Item { get; private set; } = null!;
    public bool Listed { get; private set; }
    public int? MyConversationId { get; private set; }
    public List<MarketApi.ConversationDto> Conversations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var offer = await market.VisibleOffers(User).FirstOrDefaultAsync(o => o.Id == id, HttpContext.RequestAborted);
        if (offer is null)
        {
            return NotFound();
        }
        Item = (await MarketApi.OfferDtosAsync(db, User, [offer]))[0];
        Listed = await market.Listed(db.Offers).AnyAsync(o => o.Id == id, HttpContext.RequestAborted);
        var me = User.UserId();
        MyConversationId = await db.Conversations.Where(c => c.OfferId == id && c.ResponderUserId == me).Select(c => (int?)c.Id).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (Item.Mine)
        {
            var about = await market.MyConversations(User).Where(c => c.OfferId == id).OrderByDescending(c => c.LastMessageAt).ToListAsync(HttpContext.RequestAborted);
            Conversations = await MarketApi.ConversationDtosAsync(db, User, about);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRespondAsync(int id)
    {
        var result = await market.RespondAsync(User, id, ct: HttpContext.RequestAborted);
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            TempData["Message"] = result.Message;
            return Redirect($"/tijdbank/vraag-en-aanbod/{id}");
        }
        return Redirect($"/tijdbank/gesprekken/{result.Value!.Id}");
    }

    public async Task<IActionResult> OnPostCloseAsync(int id)
    {
        var result = await market.CloseOfferAsync(User, id, ct: HttpContext.RequestAborted);
        if (result.Status == 404)
        {
            return NotFound();
        }
        TempData["Message"] = result.Succeeded ? l["Your item is closed: it is no longer shown."].Value : result.Message;
        return Redirect($"/tijdbank/vraag-en-aanbod/{id}");
    }
}

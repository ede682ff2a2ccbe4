using Groz.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>My conversations about vraag en aanbod, newest message first, with a marker for the ones with something unread.</summary>
[Authorize]
public sealed class ConversationsModel(GrozDbContext db, Marketplace market) : PageModel
{
    public List<MarketApi.ConversationDto> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var mine = await market.MyConversations(User).OrderByDescending(c => c.LastMessageAt).Take(200).ToListAsync(HttpContext.RequestAborted);
        Items = await MarketApi.ConversationDtosAsync(db, User, mine);
    }
}

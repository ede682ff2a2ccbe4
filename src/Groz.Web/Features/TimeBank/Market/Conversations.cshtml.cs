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
        var mine = await market.MyConversations(User).ToListAsync(HttpContext.RequestAborted);
        // Sorted here: SQLite cannot order by a DateTimeOffset, and a member has few conversations.
        mine = mine.OrderByDescending(c => c.LastMessageAt).ToList();
        Items = await MarketApi.ConversationDtosAsync(db, User, mine);
    }
}

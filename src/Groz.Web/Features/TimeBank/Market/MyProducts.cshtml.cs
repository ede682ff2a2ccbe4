using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>An entrepreneur's own products, active or not, with what was sold.</summary>
[Authorize]
public sealed class MyProductsModel(GrozDbContext db, Marketplace market) : PageModel
{
    public List<MarketApi.ProductDto> Products { get; private set; } = [];
    public Dictionary<int, int> Sold { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.HomeLeerregioId() is not { } home || !await market.CanSellAsync(User, home, HttpContext.RequestAborted))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var me = User.UserId();
        var products = await db.Products.AsNoTracking().Where(p => p.OwnerUserId == me).OrderBy(p => p.Title).ThenBy(p => p.Id).ToListAsync(HttpContext.RequestAborted);
        Products = await MarketApi.ProductDtosAsync(db, User, products);
        var ids = products.Select(p => p.Id).ToList();
        Sold = await db.Purchases.Where(p => ids.Contains(p.ProductId)).GroupBy(p => p.ProductId)
            .Select(g => new { g.Key, Count = g.Sum(p => p.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Count, HttpContext.RequestAborted);
        return Page();
    }
}
